package dev.aval.console;

import dev.aval.credit.ImportMode;
import dev.aval.imports.ImportStatus;
import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** Texts of IMPORTAR and Histórico de importação (pt-BR; English in {@code messages/imp_en.properties}). */
@MessageBundle(value = "imp", locale = "pt-BR")
public interface ImportsMsg {

    @Message("Importar contas")
    String wizard_title();

    @Message("Histórico de importação")
    String history_title();

    @Message("Importações de contas por planilha CSV, da mais recente à mais antiga.")
    String history_subtitle();

    @Message("IMPORTAR")
    String import_button();

    @Message("Etapas da importação")
    String steps_label();

    @Message("Criar ou atualizar")
    String step_mode();

    @Message("Arquivo")
    String step_file();

    @Message("Importação")
    String step_job();

    @Message("Deseja criar ou atualizar contas?")
    String question();

    @Message("{#when mode}{#is CREATE}Criar{#is UPDATE}Atualizar{#else}Criar e atualizar{/when}")
    String mode(ImportMode mode);

    @Message(
            "{#when mode}{#is CREATE}Abre uma conta para cada linha. Um documento que já tem conta aberta é um erro na linha."
                    + "{#is UPDATE}Altera as contas abertas (email, limite, tolerância). Um documento sem conta aberta é um erro na linha."
                    + "{#else}Abre as contas que não existem e altera as que já existem.{/when}")
    String mode_hint(ImportMode mode);

    @Message("CONTINUAR")
    String continue_button();

    @Message("Escolha criar, atualizar ou criar e atualizar.")
    String choose_mode();

    @Message("Modo")
    String mode_label();

    @Message("Trocar")
    String change_mode();

    @Message("Modelo da planilha")
    String template_title();

    @Message(
            "Colunas documentType, document, email, creditLimit e tolerance (tolerância como fração, 0,1, ou percentual, 10%). "
                    + "O modelo abre no Excel como planilha (ponto e vírgula, vírgula decimal: 1.234,56); "
                    + "arquivos separados por vírgula, com ponto decimal, também são aceitos.")
    String template_hint();

    @Message("BAIXAR MODELO")
    String download_template();

    @Message("Arquivo CSV")
    String file_legend();

    @Message("Solte aqui seu CSV ou escolha o arquivo")
    String drop();

    @Message("Um arquivo .csv de até {max}.")
    String file_hint(String max);

    @Message("passa do limite de {max}")
    String file_over(String max);

    @Message("Apenas validar")
    String dry_run();

    @Message("Confere cada linha e mostra o que aconteceria, sem alterar nenhuma conta.")
    String dry_run_hint();

    @Message("IMPORTAR ARQUIVO")
    String submit();

    @Message("Voltar")
    String back();

    @Message("Cancelar")
    String cancel();

    @Message("Escolha um arquivo CSV para importar.")
    String file_missing();

    @Message("O arquivo está vazio. Escolha o CSV preenchido.")
    String file_empty();

    @Message("O arquivo passa do limite de {max}. Divida a planilha em arquivos menores e importe cada um.")
    String file_too_large(String max);

    @Message("Arquivo recebido. Acompanhe a importação abaixo; você pode sair desta página, ela continua.")
    String received();

    @Message("{#when status}{#is QUEUED}Na fila{#is RUNNING}Em andamento{#is COMPLETED}Concluída{#else}Falhou{/when}")
    String status(ImportStatus status);

    @Message("Importação")
    String job_title();

    @Message("Progresso da importação")
    String progress_label();

    @Message("{processed} de {total} linhas ({percent}%)")
    String progress_text(String processed, String total, String percent);

    @Message("Na fila: a contagem de linhas começa em instantes.")
    String progress_waiting();

    @Message("Recarregar")
    String refresh();

    @Message("Linhas")
    String count_total();

    @Message("Processadas")
    String count_processed();

    @Message("Criadas")
    String count_created();

    @Message("Atualizadas")
    String count_updated();

    @Message("Inalteradas")
    String count_unchanged();

    @Message("Com erro")
    String count_failed();

    @Message("Situação")
    String f_status();

    @Message("Modo")
    String f_mode();

    @Message("Apenas validar")
    String f_dry_run();

    @Message("Arquivo")
    String f_file();

    @Message("Enviado por")
    String f_who();

    @Message("Recebido em")
    String f_created();

    @Message("Iniciado em")
    String f_started();

    @Message("Terminado em")
    String f_finished();

    @Message("Sim")
    String yes();

    @Message("Não")
    String no();

    @Message("(sem nome)")
    String no_file_name();

    @Message("Apenas validação: nenhuma conta foi alterada. Os números mostram o que aconteceria.")
    String dry_run_note();

    @Message("O arquivo não pôde ser processado: {reason}")
    String failure(String reason);

    @Message("Linhas com erro")
    String errors_title();

    /** A failed row's field, by its column: the words of the NOVO form. */
    @Message(
            "{#when field}{#is 'documentType'}Tipo de documento{#is 'document'}Documento{#is 'email'}Email"
                    + "{#is 'creditLimit'}Limite de crédito{#is 'tolerance'}Tolerância{#is 'record'}A linha{#else}{field}{/when}")
    String column(String field);

    @Message("Nenhuma linha com erro.")
    String errors_none();

    @Message("Corrija as linhas no CSV baixado e importe-o de novo: a coluna “error” é ignorada.")
    String errors_hint();

    @Message("Foi apenas uma validação: corrija estas linhas no arquivo original e importe-o inteiro,"
            + " sem “Apenas validar”.")
    String errors_hint_dry();

    @Message("A atualização ao vivo parou.")
    String live_stopped();

    @Message("Escolha um arquivo .csv.")
    String file_not_csv();

    @Message("Solte um arquivo por vez: só o primeiro foi escolhido.")
    String file_one_only();

    @Message("Linha")
    String col_line();

    @Message("Documento")
    String col_document();

    @Message("Mensagens")
    String col_messages();

    @Message("Baixar linhas com erro (CSV)")
    String download_errors();

    @Message("Quando")
    String col_when();

    @Message("Quem")
    String col_who();

    @Message("Arquivo")
    String col_file();

    @Message("Modo")
    String col_mode();

    @Message("Apenas validar")
    String col_dry_run();

    @Message("Situação")
    String col_status();

    @Message("Importações de contas")
    String history_caption();

    @Message("Nenhuma importação ainda.")
    String history_empty();

    @Message("Importe muitas contas de uma vez com uma planilha CSV.")
    String history_empty_cta();

    @Message("Nova importação")
    String new_import();

    @Message("Contas")
    String accounts();

    @Message("Detalhes")
    String details();
}
