package dev.aval.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

/** Who made a change, named one way on every page (imports, Clientes, the statement). */
@AvalTest
class ActorNamesTest {

    private static final String USER = "user:01a23cdd-50c8-7000-97ea-410675e06abe";
    private static final String KEY = "01a23cdd-5134-7000-9c37-cd954344b403";

    @Test
    void everyKindOfActorIsNamedAndAnUnknownOneByTheStartOfItsId() {
        Msg pt = MessageBundles.get(Msg.class);
        Map<String, String> names = Map.of(USER, "Ana Operadora", KEY, "ERP");
        assertEquals(new ActorNames.Actor("Sistema", null), ActorNames.label("system", names, pt));
        assertEquals(new ActorNames.Actor("Administrador da plataforma", null), ActorNames.label("admin", names, pt));
        assertEquals(new ActorNames.Actor("Ana Operadora", null), ActorNames.label(USER, names, pt));
        assertEquals(new ActorNames.Actor("Chave de API ERP", KEY), ActorNames.label(KEY, names, pt));
        assertEquals(new ActorNames.Actor("Usuário do console 01a23cdd", USER), ActorNames.label(USER, Map.of(), pt));
        assertEquals(new ActorNames.Actor("Chave de API 01a23cdd", KEY), ActorNames.label(KEY, Map.of(), pt));
        assertEquals(new ActorNames.Actor("—", null), ActorNames.label(null, names, pt));

        Msg en = MessageBundles.get(Msg.class, Localized.Literal.of("en"));
        assertEquals(new ActorNames.Actor("API key ERP", KEY), ActorNames.label(KEY, names, en));
        assertEquals(new ActorNames.Actor("Console user 01a23cdd", USER), ActorNames.label(USER, Map.of(), en));
    }
}
