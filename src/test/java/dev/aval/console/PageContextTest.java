package dev.aval.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The console's language before the user picks one: the browser's ranking of English and Portuguese. */
class PageContextTest {

    @Test
    void englishWhenTheBrowserRanksItAbovePortuguese() {
        assertTrue(PageContext.prefersEnglish("en-US,en;q=0.9"));
        assertTrue(PageContext.prefersEnglish("de-DE,de;q=0.9,en;q=0.8"));
        assertTrue(PageContext.prefersEnglish("fr;q=0.9, en-GB;q=0.5, pt;q=0.4"));
    }

    @Test
    void portugueseOtherwise() {
        assertFalse(PageContext.prefersEnglish("pt-BR,pt;q=0.9,en;q=0.8"));
        assertFalse(PageContext.prefersEnglish("en;q=0.1,pt;q=0.9"));
        assertFalse(PageContext.prefersEnglish("de-DE,de;q=0.9"));
        assertFalse(PageContext.prefersEnglish("*"));
        assertFalse(PageContext.prefersEnglish(null));
        assertFalse(PageContext.prefersEnglish("en;q=banana"));
        assertFalse(PageContext.prefersEnglish("en," + "x".repeat(1_000)));
    }

    @Test
    void aPageAnsweringAFormSwitchesLanguageBackToThePageTheFormWasOn() {
        assertEquals(
                "/console/accounts/0193/x?tab=invoices",
                PageContext.formPage("https://aval.example/console/accounts/0193/x?tab=invoices"));
        assertEquals("/console/accounts/new", PageContext.formPage("http://localhost:8080/console/accounts/new"));
        assertEquals("/console/accounts", PageContext.formPage(null));
        assertEquals("/console/accounts", PageContext.formPage("https://elsewhere.example/admin"));
        assertEquals("/console/accounts", PageContext.formPage("not a uri at all"));
    }
}
