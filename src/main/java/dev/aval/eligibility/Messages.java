package dev.aval.eligibility;

import java.util.List;
import java.util.Locale;

/** Customer-facing texts in pt-BR (default) and English. */
public final class Messages {

    /** The language of the customer-facing message. */
    public enum Language {
        PT,
        EN
    }

    private static final List<Locale> SUPPORTED = List.of(Locale.forLanguageTag("pt"), Locale.ENGLISH);

    private Messages() {}

    static String text(Decision.Message message, Language language) {
        if (message == null) {
            return null;
        }
        return switch (message) {
            case REJECTED ->
                language == Language.EN
                        ? "Your registration was not approved for this assortment"
                        : "Seu cadastro não foi aprovado para este sortimento";
            case UNDER_REVIEW ->
                language == Language.EN
                        ? "Your registration is under review; you can buy once it is approved"
                        : "Seu cadastro está em análise; você poderá comprar assim que for aprovado";
        };
    }

    /** English when Accept-Language prefers it over Portuguese; pt-BR otherwise (also when unreadable). */
    static Language language(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Language.PT;
        }
        try {
            Locale best = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
            return best != null && "en".equals(best.getLanguage()) ? Language.EN : Language.PT;
        } catch (IllegalArgumentException e) {
            return Language.PT;
        }
    }
}
