package dev.aval.console;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The console's shared texts: pt-BR here (the seeds' language), English in
 * {@code messages/msg_en.properties}. Each screen has its own bundle beside its page.
 */
@MessageBundle(value = "msg", locale = "pt-BR")
public interface Msg {

    @Message("Aval")
    String product();

    @Message("Contas")
    String nav_accounts();

    @Message("Clientes")
    String nav_customers();

    @Message("Cobrança")
    String nav_billing();

    @Message("Histórico de importação")
    String nav_imports();

    @Message("Sair")
    String sign_out();

    @Message("English")
    String other_language();

    @Message("Operador")
    String role_OPERATOR();

    @Message("Leitura")
    String role_VIEWER();

    @Message("Menu principal")
    String nav_label();

    @Message("Ir para o conteúdo")
    String skip_to_content();

    @Message("Anterior")
    String previous();

    @Message("Próxima")
    String next();

    @Message("Buscar")
    String search();

    @Message("Limpar")
    String clear();

    @Message("Todos")
    String all();

    /** "All" agreeing with a feminine noun (contas, faturas). */
    @Message("Todas")
    String all_feminine();

    @Message("Corrija os campos destacados.")
    String fix_fields();

    @Message("Nenhum resultado.")
    String nothing_found();

    @Message("Entrar")
    String sign_in();

    @Message("Entrar no console")
    String sign_in_title();

    @Message("Email")
    String email();

    @Message("Senha")
    String password();

    @Message("Email ou senha incorretos, ou acesso temporariamente bloqueado. Tente de novo em alguns minutos.")
    String sign_in_failed();

    @Message("Você saiu do console.")
    String signed_out();

    @Message("Senha definida. Entre com seu email e a nova senha.")
    String password_set();

    @Message("Defina sua senha")
    String setup_title();

    @Message("Olá, {name}. Escolha uma senha com pelo menos 12 caracteres para {email}.")
    String setup_intro(String name, String email);

    @Message("Nova senha")
    String new_password();

    @Message("Repita a senha")
    String repeat_password();

    @Message("Definir senha")
    String set_password();

    @Message("As senhas não coincidem.")
    String passwords_differ();

    @Message("Deve ter pelo menos 12 caracteres.")
    String password_too_short();

    @Message("Deve ter no máximo 200 caracteres.")
    String password_too_long();

    @Message("Este link não é válido: já foi usado ou expirou. Peça um novo ao administrador.")
    String setup_link_invalid();

    @Message("Endereço inválido")
    String error_400_title();

    @Message("Este endereço traz um valor que não entendemos, como um link de página antigo ou alterado."
            + " Volte para a lista e navegue a partir dela.")
    String error_400_text();

    @Message("Acesso negado")
    String error_403_title();

    @Message("O formulário expirou ou você não tem permissão para esta ação. Volte e tente de novo.")
    String error_403_text();

    @Message("Página não encontrada")
    String error_404_title();

    @Message("O que você procura não existe ou não pertence à sua distribuidora.")
    String error_404_text();

    @Message("Serviço indisponível")
    String error_503_title();

    @Message("O banco de dados não respondeu. Tente de novo em instantes.")
    String error_503_text();

    @Message("Muitas entradas ao mesmo tempo. Tente de novo em alguns segundos.")
    String error_busy_text();

    /** A document type as the console names it: a foreign document reads so, its API name kept. */
    @Message("{#when type}{#is OTHER}Estrangeiro (OTHER){#else}{type}{/when}")
    String document_type_name(dev.aval.platform.DocumentType type);

    @Message("Algo deu errado")
    String error_500_title();

    @Message("Um erro inesperado aconteceu. Tente de novo.")
    String error_500_text();

    @Message("Voltar para Contas")
    String back_home();
}
