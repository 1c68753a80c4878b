package dev.aval.console;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** Texts of Cobrança (pt-BR; English in {@code messages/bil_en.properties}). */
@MessageBundle(value = "bil", locale = "pt-BR")
public interface BillingMsg {

    @Message("Cobrança")
    String title();

    @Message("Faturas de todas as contas, por vencimento: as vencidas primeiro.")
    String subtitle();

    @Message("Situação")
    String status();

    @Message("Somente vencidas")
    String overdue_only();

    @Message("Vence a partir de")
    String due_from();

    @Message("Vence até")
    String due_to();

    @Message("Documento")
    String document();

    @Message("Vencimento")
    String col_due();

    @Message("Documento")
    String col_document();

    @Message("Pedido")
    String col_order();

    @Message("Parcela")
    String col_installment();

    @Message("Valor")
    String col_amount();

    @Message("Pago")
    String col_paid();

    @Message("Creditado")
    String col_credited();

    @Message("Saldo devedor")
    String col_open();

    @Message("Situação")
    String col_status();

    @Message("Em aberto")
    String status_OPEN();

    @Message("Paga")
    String status_PAID();

    @Message("Cancelada")
    String status_CANCELLED();

    @Message("Vencida")
    String overdue();

    @Message("Nenhuma fatura com estes filtros.")
    String empty();

    @Message("Faturas")
    String table_caption();
}
