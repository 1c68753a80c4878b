package dev.aval.platform;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Refuses, in JSON request bodies, what Jackson would otherwise accept silently: an explicit
 * {@code null} where omitting the field is the way to keep its value, and unknown fields on types
 * that ask for it.
 * <p>
 * Applies {@link OmitToKeep}: the body is read as a tree, an explicit {@code null} of a field that
 * may not be null fails as Jackson's own {@link InvalidNullException} (with the field in its path,
 * so {@link ProblemMappers} answers 400 VALIDATION_FAILED naming it), then Jackson's usual
 * deserializer reads the tree — coercions, unknown fields and errors exactly as for any body.
 * Also applies {@link RefuseUnknownFields}: an unknown field of such a type fails as Jackson's
 * {@link UnrecognizedPropertyException}, answered 400 VALIDATION_FAILED naming it.
 */
@Singleton
public class StrictBodyFields implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        // unknown fields stay ignored (Quarkus's default) except on @RefuseUnknownFields types
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                    JsonDeserializer<?> deserializer, Object beanOrClass, String property) throws IOException {
                Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
                if (type.isAnnotationPresent(RefuseUnknownFields.class)) {
                    throw UnrecognizedPropertyException.from(parser, beanOrClass, property,
                            deserializer == null ? null : deserializer.getKnownPropertyNames());
                }
                return false;
            }
        });
        mapper.registerModule(new SimpleModule("aval-omit-to-keep").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                OmitToKeep annotation = description.getBeanClass().getAnnotation(OmitToKeep.class);
                return annotation == null ? deserializer
                        : new NullsRefused(deserializer, description.getBeanClass(), Set.of(annotation.nullable()));
            }
        }));
    }

    private static final class NullsRefused extends DelegatingDeserializer {

        private final Class<?> type;
        private final Set<String> nullable;

        NullsRefused(JsonDeserializer<?> delegate, Class<?> type, Set<String> nullable) {
            super(delegate);
            this.type = type;
            this.nullable = nullable;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new NullsRefused(delegate, type, nullable);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = context.readTree(parser);
            if (tree.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = tree.fields(); fields.hasNext();) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (field.getValue().isNull() && !nullable.contains(field.getKey())) {
                        InvalidNullException refused = InvalidNullException.from(context,
                                PropertyName.construct(field.getKey()), context.constructType(type));
                        refused.prependPath(type, field.getKey());
                        throw refused;
                    }
                }
            }
            try (JsonParser treeParser = tree.traverse(parser.getCodec())) {
                treeParser.nextToken();
                return _delegatee.deserialize(treeParser, context);
            }
        }
    }
}
