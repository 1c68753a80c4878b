package dev.aval.console;

import dev.aval.credit.EntryType;
import dev.aval.credit.HoldStatus;
import dev.aval.credit.InvoiceStatus;
import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** Texts of Conta, one account (pt-BR; English in {@code messages/acct_en.properties}). */
@MessageBundle(value = "acct", locale = "pt-BR")
public interface AccountPageMsg {

    @Message(
            "{#when value}{#is CREATED}Conta criada.{#is SAVED}Alterações salvas.{#is HOLDER_ADDED}Email autorizado adicionado.{#is HOLDER_REMOVED}Email autorizado removido.{#is CLOSED}Conta encerrada.{#is HOLD_RELEASED}Reserva liberada.{#is HOLD_EXPIRED}A reserva já tinha expirado: o valor já estava liberado.{#is INVOICE_PAID}Pagamento registrado.{#is INVOICE_CANCELLED}Fatura cancelada.{#is INVOICE_CREDITED}Nota de crédito registrada.{#is INVOICE_POSTPONED}Vencimento prorrogado.{#is INVOICE_ALREADY_CANCELLED}A fatura já estava cancelada.{#is VERSION_CONFLICT}Alguém alterou esta conta; recarregue.{#is ACTIVE_HOLDS}Não é possível encerrar: a conta tem reservas ativas. Capture ou libere as reservas antes de encerrar.{#is REFUSED}A alteração foi recusada.{/when}")
    String notice(AccountPage.Notice value);

    @Message(
            "{#when value}{#is OPENED}Abertura{#is LIMIT_CHANGED}Limite alterado{#is TOLERANCE_CHANGED}Tolerância alterada{#is HOLD_PLACED}Reserva{#is HOLD_ADJUSTED}Reserva ajustada{#is HOLD_RELEASED}Reserva liberada{#is HOLD_EXPIRED}Reserva expirada{#is HOLD_CAPTURED}Captura{#is INVOICE_PAID}Pagamento de fatura{#is INVOICE_CREDITED}Nota de crédito{#is INVOICE_POSTPONED}Vencimento prorrogado{#is INVOICE_CANCELLED}Fatura cancelada{#is CLOSED}Encerramento{/when}")
    String entryType(EntryType value);

    @Message("Pedido {order}")
    String detail_order(String order);

    @Message("Restante não capturado do pedido {order}")
    String detail_rest(String order);

    @Message("validade {from} → {to}")
    String detail_expiry(String from, String to);

    @Message("Vencimento {from} → {to}")
    String detail_due(String from, String to);

    @Message("Referência {reference}")
    String detail_reference(String reference);

    @Message("{#when value}{#is ACTIVE}Ativa{#is CAPTURED}Capturada{#is RELEASED}Liberada{#is EXPIRED}Expirada{/when}")
    String holdStatus(HoldStatus value);

    @Message("{#when value}{#is OPEN}Em aberto{#is PAID}Paga{#is CANCELLED}Cancelada{/when}")
    String invoiceStatus(InvoiceStatus value);

    @Message("Recarregar a conta")
    String reload();

    @Message("Reservado agora:")
    String reserved_now();

    @Message("Ver reservas")
    String see_holds();

    @Message("Utilizado")
    String used();

    @Message("Reservado")
    String reserved();

    @Message("Disponível c/ tolerância")
    String free();

    @Message("Limite")
    String limit_mark();

    @Message("com tolerância até")
    String ceiling();

    @Message("Limite")
    String credit_limit();

    @Message("Disponível")
    String available();

    @Message("Aberta em")
    String created_at();

    @Message("Alterada em")
    String updated_at();

    @Message("Encerrada em")
    String closed_at();

    @Message("Emails autorizados")
    String holders();

    @Message("Além do email da conta, estes emails também podem usar o crédito.")
    String holders_hint();

    @Message("Remover {email} desta conta?")
    String remove_holder_confirm(String email);

    @Message("Remover")
    String remove();

    @Message("Nenhum email adicional.")
    String no_holders();

    @Message("Adicionar email")
    String holder_email();

    @Message("Adicionar")
    String add_holder();

    @Message("Alterar conta")
    String edit();

    @Message("Motivo (opcional)")
    String reason_optional();

    @Message("Fica registrado no extrato.")
    String reason_hint();

    @Message("Salvar alterações")
    String save();

    @Message("Encerrar conta")
    String close();

    @Message("Faturas em aberto continuam recebendo pagamentos. Com reservas ativas, a conta não pode ser encerrada.")
    String close_hint();

    @Message("Quero encerrar esta conta")
    String close_open();

    @Message("Encerrar esta conta? Ela deixará de conceder crédito.")
    String close_confirm_dialog();

    @Message("Confirmo o encerramento desta conta")
    String close_confirm();

    @Message("Marque a confirmação para encerrar.")
    String close_confirm_missing();

    @Message("Movimentos da conta")
    String tabs_label();

    @Message("Extrato")
    String tab_statement();

    @Message("Reservas")
    String tab_holds();

    @Message("Faturas")
    String tab_invoices();

    @Message("De")
    String from();

    @Message("Até (inclusive)")
    String to();

    @Message("Filtrar")
    String filter();

    @Message("Totais do período")
    String totals_range();

    @Message("Totais de todo o extrato")
    String totals_all();

    @Message("Lançamentos")
    String total_entries();

    @Message("Variação do limite")
    String total_limit();

    @Message("Variação do utilizado")
    String total_outstanding();

    @Message("Variação do reservado")
    String total_reserved();

    @Message("Totais por tipo")
    String totals_by_type();

    @Message("Data")
    String col_when();

    @Message("Tipo")
    String col_type();

    @Message("Valor")
    String col_amount();

    @Message("Utilizado após")
    String col_used_after();

    @Message("Reservado após")
    String col_reserved_after();

    @Message("Detalhe")
    String col_detail();

    @Message("Autor")
    String col_actor();

    @Message("Nenhum lançamento no período.")
    String no_entries();

    @Message("Pedido")
    String col_order();

    @Message("Capturado")
    String col_captured();

    @Message("Expira em")
    String col_expires();

    @Message("Criada em")
    String col_created();

    @Message("Ações")
    String col_actions();

    @Message("Liberar a reserva do pedido {orderId}?")
    String release_confirm(String orderId);

    @Message("Liberar")
    String release();

    @Message("Nenhuma reserva.")
    String no_holds();

    @Message("Parcela")
    String col_installment();

    @Message("Pago")
    String col_paid();

    @Message("Saldo devedor")
    String col_owed();

    @Message("Vencimento")
    String col_due();

    @Message("Vencida")
    String overdue();

    @Message("Ações")
    String invoice_actions();

    @Message("pagar, creditar, prorrogar ou cancelar")
    String invoice_actions_title();

    @Message("Creditado")
    String col_credited();

    @Message("Mostrando só a fatura escolhida em Cobrança.")
    String one_invoice();

    @Message("Ver todas as faturas da conta")
    String all_invoices();

    @Message("Valor pago")
    String pay_amount();

    @Message("Deixe em branco para pagar o restante:")
    String pay_amount_hint();

    @Message("Referência do pagamento (opcional)")
    String pay_reference();

    @Message("Registrar pagamento")
    String pay();

    @Message("Pagamento")
    String form_pay();

    @Message("Prorrogação")
    String form_postpone();

    @Message("Cancelamento")
    String form_cancel();

    @Message("Cancelar esta fatura? O valor em aberto deixa de ser devido.")
    String cancel_confirm_dialog();

    @Message("Confirmo o cancelamento")
    String cancel_confirm();

    @Message("Marque a confirmação para cancelar.")
    String cancel_confirm_missing();

    @Message("Cancelar fatura")
    String cancel_invoice();

    @Message("Nenhuma fatura.")
    String no_invoices();

    @Message("Valor da nota de crédito")
    String credit_amount();

    @Message("Até o saldo devedor:")
    String credit_amount_hint();

    @Message("Motivo (opcional)")
    String credit_reason();

    @Message("Referência da nota (opcional)")
    String credit_reference();

    @Message("Nota de crédito")
    String credit_note();

    @Message("Novo vencimento")
    String postpone_due();

    @Message("Deve ser depois do vencimento atual:")
    String postpone_due_hint();

    @Message("Prorrogar")
    String postpone();

    @Message("Páginas")
    String pages_label();
}
