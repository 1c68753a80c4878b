package dev.aval.console;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** Texts of Contas and NOVO (pt-BR; English in {@code messages/acc_en.properties}). */
@MessageBundle(value = "acc", locale = "pt-BR")
public interface AccountsMsg {

    @Message("Contas")
    String title();

    @Message("Contas de crédito dos seus clientes.")
    String subtitle();

    @Message("NOVO")
    String new_button();

    @Message("IMPORTAR")
    String import_button();

    @Message("Documento ou email")
    String search_label();

    @Message("CPF, CNPJ (com ou sem pontuação) ou email")
    String search_hint();

    @Message("Situação")
    String status_label();

    @Message("Documento")
    String col_document();

    @Message("Tipo")
    String col_type();

    @Message("Email")
    String col_email();

    @Message("Limite")
    String col_limit();

    @Message("Tolerância")
    String col_tolerance();

    @Message("Disponível c/ tolerância")
    String col_available();

    @Message("Situação")
    String col_status();

    @Message("Aberta")
    String status_OPEN();

    @Message("Encerrada")
    String status_CLOSED();

    @Message("Ainda não há contas. Crie uma com NOVO ou importe uma planilha com IMPORTAR.")
    String empty();

    @Message("abrir a conta existente")
    String open_existing();

    @Message("Nenhuma conta com estes filtros.")
    String empty_filtered();

    @Message("Nenhuma conta de crédito ainda.")
    String empty_none();

    @Message("Nenhuma conta para {document}.")
    String empty_document(String document);

    @Message("Abrir uma conta para este documento")
    String open_for();

    @Message("Contas de crédito")
    String table_caption();

    @Message("Nova conta")
    String new_title();

    @Message("Identificação")
    String identification();

    @Message("Tipo de documento")
    String document_type();

    @Message("Automático (pelo tamanho)")
    String document_type_auto();

    @Message("Documento")
    String document();

    @Message("Email")
    String email();

    @Message("Obrigatório: autentica o acesso do cliente ao crédito.")
    String email_hint();

    @Message("Crédito")
    String credit();

    @Message("Limite de crédito (BRL)")
    String credit_limit();

    @Message("Tolerância")
    String tolerance();

    @Message("Percentual que pode ser usado acima do limite, de 0 a 100.")
    String tolerance_hint();

    @Message("Confirmar")
    String confirm();

    @Message("Cancelar")
    String cancel();
}
