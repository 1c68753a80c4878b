package dev.aval.console;

import dev.aval.customer.CustomerStatus;
import dev.aval.customer.Outcome;
import dev.aval.eligibility.PaymentMethod;
import dev.aval.eligibility.Reason;
import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** Texts of Clientes (pt-BR; English in {@code messages/cus_en.properties}). */
@MessageBundle(value = "cus", locale = "pt-BR")
public interface CustomersMsg {

    @Message("Clientes")
    String title();

    @Message("Situação dos clientes (PEN, APV, RPV) e o que a elegibilidade responde a cada um.")
    String subtitle();

    @Message("{#when status}{#is PEN}Pré-aprovado{#is APV}Aprovado{#is RPV}Reprovado{/when}")
    String status(CustomerStatus status);

    @Message("{#when status}{#is PEN}Pode ver preços e comprar à vista; faturado só após aprovação"
            + "{#is APV}Pode comprar com todos os meios; faturado conforme o crédito"
            + "{#is RPV}Não vê preços nem compra{/when}")
    String status_meaning(CustomerStatus status);

    @Message("{#when method}{#is PIX}Pix{#is CREDIT_CARD}Cartão de crédito{#is BOLETO_ANTECIPADO}Boleto antecipado"
            + "{#is BOLETO_FATURADO}Boleto faturado{/when}")
    String method(PaymentMethod method);

    @Message("{#when reason}"
            + "{#is CUSTOMER_REJECTED}Cliente reprovado (RPV)"
            + "{#is CUSTOMER_NOT_APPROVED}Cliente ainda não aprovado: o faturado exige APV"
            + "{#is PENDING_PURCHASES_DISABLED}A distribuidora não permite compras de pré-aprovados"
            + "{#is NO_CREDIT_ACCOUNT}Sem conta de crédito"
            + "{#is CREDIT_ACCOUNT_CLOSED}Conta de crédito encerrada"
            + "{#is CREDIT_EMAIL_REQUIRED}Informe o email do comprador"
            + "{#is CREDIT_EMAIL_MISMATCH}O email não é o da conta nem um email autorizado"
            + "{#is CREDIT_OVERDUE}Há fatura vencida em aberto"
            + "{#is CREDIT_INSUFFICIENT}Crédito insuficiente para este carrinho"
            + "{/when}")
    String reason(Reason reason);

    // Look-up and list

    @Message("Buscar cliente")
    String lookup_title();

    @Message("Documento")
    String document();

    @Message("CPF ou CNPJ, com ou sem pontuação")
    String document_hint();

    @Message("Tipo de documento")
    String document_type();

    @Message("Automático")
    String document_type_auto();

    @Message("Abrir")
    String open();

    @Message("Informe um documento.")
    String document_blank();

    @Message(
            "Informe um CPF (11 dígitos) ou um CNPJ (14 caracteres); para documentos estrangeiros escolha o tipo OTHER.")
    String document_length();

    @Message("Um CPF tem 11 dígitos.")
    String document_cpf_shape();

    @Message("Um CNPJ tem 14 caracteres: 12 letras ou dígitos e 2 dígitos verificadores.")
    String document_cnpj_shape();

    @Message("CPF inválido: os dígitos verificadores não conferem.")
    String document_cpf();

    @Message("CNPJ inválido: os dígitos verificadores não conferem.")
    String document_cnpj();

    @Message("Documento estrangeiro (OTHER): de 1 a 32 letras ou dígitos.")
    String document_other();

    @Message("Clientes por situação")
    String list_title();

    @Message("Situação")
    String status_label();

    @Message("Filtrar")
    String filter();

    @Message("Documento")
    String col_document();

    @Message("Tipo")
    String col_type();

    @Message("Situação")
    String col_status();

    @Message("Motivo")
    String col_reason();

    @Message("Decidido em")
    String col_decided();

    @Message("Nenhum cliente nesta situação.")
    String empty();

    @Message("Nenhum cliente ainda: os clientes chegam pela integração (API).")
    String empty_all();

    @Message("Clientes")
    String table_caption();

    // One customer

    @Message("Cliente {doc}")
    String detail_title(String doc);

    @Message(
            "Este documento nunca foi integrado: é tratado como pré-aprovado (PEN) até que a distribuidora envie uma situação.")
    String never_integrated();

    @Message("Situação atual")
    String facts_title();

    @Message("Motivo")
    String reason_label();

    @Message("Decidido em")
    String decided_at();

    @Message("Cadastrado")
    String registered();

    @Message("Sim, desde {when}")
    String registered_since(String when);

    @Message("Não: nunca integrado")
    String not_registered();

    @Message("—")
    String none();

    // Status change

    @Message("Alterar situação")
    String change_title();

    @Message("Nova situação")
    String new_status();

    @Message("Motivo")
    String reason_field();

    @Message("Opcional, até 500 caracteres. Fica no histórico.")
    String reason_hint();

    @Message("Alterar situação")
    String change_button();

    @Message("Escolha PEN, APV ou RPV.")
    String status_required();

    @Message("O motivo deve ter no máximo 500 caracteres (tem {length}).")
    String reason_too_long(int length);

    @Message("{#when outcome}"
            + "{#is APPLIED}Situação alterada: agora {status}."
            + "{#is UNCHANGED}Nada mudou: o cliente já estava {status}."
            + "{#is STALE}Não aplicada: já existe uma decisão mais recente para este cliente."
            + "{#else}{/when}")
    String outcome(Outcome outcome, String status);

    // History

    @Message("Histórico de situação")
    String history_title();

    @Message("Mais recente primeiro.")
    String history_hint();

    @Message("De")
    String col_from();

    @Message("Para")
    String col_to();

    @Message("Decidido em")
    String col_occurred();

    @Message("Registrado em")
    String col_recorded();

    @Message("Por")
    String col_actor();

    @Message("(cadastro)")
    String created();

    @Message("Sem histórico: o documento nunca foi integrado.")
    String history_empty();

    // Eligibility preview

    @Message("O que o checkout responderia")
    String eligibility_title();

    @Message("A mesma resposta que o checkout recebe, para este email e valor de carrinho.")
    String eligibility_hint();

    @Message("Email do comprador")
    String email();

    @Message("Necessário para o boleto faturado: o da conta ou um email autorizado.")
    String email_hint();

    @Message("Total do carrinho (BRL)")
    String cart_total();

    @Message("Simular")
    String simulate();

    @Message("Informe um valor, como 1.234,56.")
    String cart_number();

    @Message("O valor não pode ser negativo.")
    String cart_negative();

    @Message("No máximo 2 casas decimais.")
    String cart_decimals();

    @Message("O email deve ter no máximo 254 caracteres.")
    String email_too_long();

    @Message("Vê preços")
    String can_view_prices();

    @Message("Pode comprar")
    String can_purchase();

    @Message("Sim")
    String yes();

    @Message("Não")
    String no();

    @Message("Mensagem ao cliente")
    String customer_message();

    @Message("Meios de pagamento")
    String methods_caption();

    @Message("Meio")
    String col_method();

    @Message("Resposta")
    String col_answer();

    @Message("Motivo")
    String col_why();

    @Message("Permitido")
    String allowed();

    @Message("Recusado")
    String refused();

    @Message("Crédito")
    String credit_title();

    @Message("Abrir a conta")
    String open_account();

    @Message("Limite")
    String credit_limit();

    @Message("Tolerância")
    String tolerance();

    @Message("Utilizado")
    String outstanding();

    @Message("Reservado")
    String reserved();

    @Message("Disponível")
    String available();

    @Message("Disponível c/ tolerância")
    String available_with_tolerance();

    @Message("Sem conta de crédito aberta para este documento.")
    String no_account();
}
