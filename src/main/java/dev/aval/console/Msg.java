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

    @Message("Somente leitura")
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

    @Message("{#when kind}"
            + "{#is BAD_REQUEST}Endereço inválido"
            + "{#is FORBIDDEN}Acesso negado"
            + "{#is BAD_FORM}Formulário inválido"
            + "{#is FORM_EXPIRED}Formulário expirado"
            + "{#is ACCOUNT_NOT_FOUND}Conta não encontrada"
            + "{#is IMPORT_NOT_FOUND}Importação não encontrada"
            + "{#is INVOICE_NOT_FOUND}Fatura não encontrada"
            + "{#is in UNAVAILABLE BUSY}Serviço indisponível"
            + "{#is TOO_MANY_ATTEMPTS}Muitas tentativas"
            + "{#is ERROR}Algo deu errado"
            + "{#else}Página não encontrada{/when}")
    String error_title(ErrorPages.Kind kind);

    @Message("{#when kind}"
            + "{#is BAD_REQUEST}Este endereço traz um valor que não entendemos, como um link de página antigo ou"
            + " alterado. Volte para a lista e navegue a partir dela."
            + "{#is BAD_FORM}O campo “{field}” deste formulário traz um caractere que não pode ser guardado"
            + " (NUL). Nada foi alterado: abra o formulário de novo, corrija o campo e envie outra vez."
            + "{#is FORBIDDEN}Seu perfil é de somente leitura: você consulta tudo da sua distribuidora, mas não altera."
            + " Para esta ação, peça a um operador."
            + "{#is FORM_EXPIRED}Este formulário não vale mais: foi aberto antes de você sair e entrar de novo,"
            + " ou antes de o navegador ser fechado. Nada foi alterado: abra o formulário de novo e envie outra vez."
            + "{#is ACCOUNT_NOT_FOUND}Não há conta neste endereço na sua distribuidora: o link pode estar"
            + " incompleto ou ser de outra distribuidora. Procure a conta em Contas pelo documento ou email."
            + "{#is IMPORT_NOT_FOUND}Não há importação neste endereço na sua distribuidora. As importações"
            + " feitas estão no histórico, da mais recente à mais antiga."
            + "{#is INVOICE_NOT_FOUND}Esta fatura não existe nesta conta. Procure-a em Cobrança pelo status ou"
            + " pelo vencimento."
            + "{#is UNAVAILABLE}O banco de dados não respondeu. Tente de novo em instantes."
            + "{#is BUSY}Muitas entradas ao mesmo tempo. Tente de novo em alguns segundos."
            + "{#is TOO_MANY_ATTEMPTS}Muitas tentativas de entrada falharam a partir da sua rede."
            + " Espere um minuto e tente de novo."
            + "{#is ERROR}Um erro inesperado aconteceu. Tente de novo."
            + "{#else}O que você procura não existe ou não pertence à sua distribuidora.{/when}")
    String error_text(ErrorPages.Kind kind, String field);

    @Message("{#when kind}"
            + "{#is IMPORT_NOT_FOUND}Ver o histórico de importação"
            + "{#is INVOICE_NOT_FOUND}Ir para Cobrança"
            + "{#is in FORM_EXPIRED BAD_FORM}Abrir o formulário de novo"
            + "{#is in BUSY TOO_MANY_ATTEMPTS}Voltar para a entrada"
            + "{#else}Voltar para Contas{/when}")
    String error_back(ErrorPages.Kind kind);

    /** A document type as the console names it: a foreign document reads so, its API name kept. */
    @Message("{#when type}{#is OTHER}Estrangeiro (OTHER){#else}{type}{/when}")
    String document_type_name(dev.aval.platform.DocumentType type);

    @Message("Administrador da plataforma")
    String actor_admin();

    @Message("Sistema")
    String actor_system();

    /** An API key, by the name it was issued with (or the start of its id). */
    @Message("Chave de API {name}")
    String actor_key(String name);

    /** A console user no longer found by name, by the start of its id. */
    @Message("Usuário do console {id}")
    String actor_user(String id);
}
