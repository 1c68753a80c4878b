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

    static DocumentQuery of(String typed) {
        try {
            return new DocumentQuery(Document.parse(null, typed), null);
        } catch (ProblemException notCpfOrCnpj) {
            String why = FormInput.errors(notCpfOrCnpj).values().iterator().next();
            try {
                return new DocumentQuery(Document.parse(DocumentType.OTHER, typed), why);
            } catch (ProblemException notOther) {
                return new DocumentQuery(null, why);
            }
        }
    }
}
