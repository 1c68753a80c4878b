package dev.aval.console;

import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import dev.aval.platform.ProblemException;

/**
 * What a search box's text names as a document (Contas, Cobrança): a CPF or CNPJ, formatted or
 * not; else a document of type OTHER (a foreign id, domain.md §2), searched as typed once
 * normalised. {@code refusal} says, in the page's language, why the text is not a CPF or CNPJ: the
 * page shows it when the OTHER search finds nothing (a mistyped CPF), or at once when the text
 * cannot be an OTHER document either ({@code document} null).
 */
record DocumentQuery(Document document, String refusal) {

    static final String NOT_FOUND =
            "no account has this document, and it is neither a CPF (11 digits) nor a CNPJ (14 characters)";

    static DocumentQuery of(String typed) {
        try {
            return new DocumentQuery(Document.parse(null, typed), null);
        } catch (ProblemException notCpfOrCnpj) {
            int length = Document.normalise(typed).length();
            // "choose the type OTHER" means nothing in a search box, which already looked for it
            String why = length == 11 || length == 14
                    ? FormInput.errors(notCpfOrCnpj).values().iterator().next()
                    : FormInput.inPagesLanguage(NOT_FOUND);
            try {
                return new DocumentQuery(Document.parse(DocumentType.OTHER, typed), why);
            } catch (ProblemException notOther) {
                return new DocumentQuery(null, why);
            }
        }
    }
}
