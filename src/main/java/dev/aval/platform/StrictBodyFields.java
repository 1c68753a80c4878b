package dev.aval.platform;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Refuses, in JSON request bodies, what Jackson would otherwise accept silently: an explicit
 * {@code null} where omitting the field is the way to keep its value, unknown fields on types
 * that ask for it, and what PostgreSQL would refuse later ({@link Bounds}): a string holding the
 * NUL character, a date or instant outside the years 0001–9999; a fraction where a whole number
 * is expected (Jackson's default truncates it) and a number where a boolean is. Each is a
 * {@link RefusedValue} (Jackson's own exception for the boolean) with the field in its path,
 * answered 400 VALIDATION_FAILED naming it. A type marked
 * {@link ChecksOwnText} (a batch item, REJECTED on its own) gets its strings as sent.
 * <p>
 * Applies {@link OmitToKeep}: the body is buffered as tokens, an explicit {@code null} of a field that
 * may not be null fails as Jackson's own {@link InvalidNullException} (with the field in its path,
 * so {@link ProblemMappers} answers 400 VALIDATION_FAILED naming it), then Jackson's usual
 * deserializer reads the buffer — coercions, unknown fields and errors exactly as for any body.
 * Also applies {@link RefuseUnknownFields}: an unknown field of such a type fails as Jackson's
 * {@link UnrecognizedPropertyException}, answered 400 VALIDATION_FAILED naming it.
 */
@Singleton
public class StrictBodyFields implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        // 0 or 1 is not a boolean ("final": 0)
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        // unknown fields stay ignored (Quarkus's default) except on @RefuseUnknownFields types
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(
                    DeserializationContext context,
                    JsonParser parser,
                    JsonDeserializer<?> deserializer,
                    Object beanOrClass,
                    String property)
                    throws IOException {
                Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
                if (type.isAnnotationPresent(RefuseUnknownFields.class)) {
                    throw UnrecognizedPropertyException.from(
                            parser,
                            beanOrClass,
                            property,
                            deserializer == null ? null : deserializer.getKnownPropertyNames());
                }
                return false;
            }
        });
        SimpleModule module = new SimpleModule("aval-strict-body-fields");
        module.addDeserializer(String.class, new TextWithoutNul());
        module.addDeserializer(Integer.class, new WholeNumber(Integer.class));
        module.addDeserializer(int.class, new WholeNumber(int.class));
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(
                    DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                if (DATES.contains(type)) {
                    return new DateInRange(deserializer);
                }
                OmitToKeep annotation = type.getAnnotation(OmitToKeep.class);
                return annotation == null
                        ? deserializer
                        : new NullsRefused(deserializer, type, Set.of(annotation.nullable()));
            }
        });
        mapper.registerModule(module);
    }

    private static final Set<Class<?>> DATES =
            Set.of(Instant.class, OffsetDateTime.class, ZonedDateTime.class, LocalDate.class, LocalDateTime.class);

    /** A value of a known JSON type that no field may hold; its message is the field's error. */
    public static final class RefusedValue extends MismatchedInputException {

        private static final long serialVersionUID = 1L;

        RefusedValue(JsonParser parser, String message, Class<?> type) {
            super(parser, message, type);
        }
    }

    /** Strings without NUL, except on {@link ChecksOwnText} types. */
    private static final class TextWithoutNul extends StringDeserializer implements ContextualDeserializer {

        private static final long serialVersionUID = 1L;

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (Bounds.hasNul(value)) {
                throw new RefusedValue(parser, Bounds.NUL_MESSAGE, String.class);
            }
            return value;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            boolean own = property != null
                    && property.getMember() != null
                    && property.getMember().getDeclaringClass().isAnnotationPresent(ChecksOwnText.class);
            return own ? StringDeserializer.instance : this;
        }
    }

    /** Dates and instants within {@link Bounds#inRange}. */
    private static final class DateInRange extends DelegatingDeserializer {

        private static final long serialVersionUID = 1L;

        DateInRange(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new DateInRange(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object value = _delegatee.deserialize(parser, context);
            if (!inRange(value)) {
                throw new RefusedValue(parser, Bounds.DATE_OUT_OF_RANGE, value.getClass());
            }
            return value;
        }

        private static boolean inRange(Object value) {
            if (value instanceof LocalDate date) {
                return Bounds.inRange(date);
            }
            if (value instanceof LocalDateTime local) {
                return Bounds.inRange(local.toLocalDate());
            }
            if (value instanceof OffsetDateTime offset) {
                return Bounds.inRange(offset.toInstant());
            }
            if (value instanceof ZonedDateTime zoned) {
                return Bounds.inRange(zoned.toInstant());
            }
            return !(value instanceof Instant instant) || Bounds.inRange(instant);
        }
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
            // buffered as tokens, not read as a tree: a tree holds 1.0000000000000001 as a double (1.0),
            // and an amount with more decimals than allowed must be refused, not rounded
            TokenBuffer buffer = context.bufferAsCopyOfValue(parser);
            try (JsonParser scan = buffer.asParser(parser.getCodec())) {
                if (scan.nextToken() == JsonToken.START_OBJECT) {
                    while (scan.nextToken() == JsonToken.FIELD_NAME) {
                        String field = scan.currentName();
                        if (scan.nextToken() == JsonToken.VALUE_NULL && !nullable.contains(field)) {
                            InvalidNullException refused = InvalidNullException.from(
                                    context, PropertyName.construct(field), context.constructType(type));
                            refused.prependPath(type, field);
                            throw refused;
                        }
                        scan.skipChildren();
                    }
                }
            }
            try (JsonParser replay = buffer.asParser(parser.getCodec())) {
                replay.nextToken();
                return _delegatee.deserialize(replay, context);
            }
        }
    }

    /**
     * An int written as JSON writes one: {@code 2}, and also {@code 2.0} or {@code 2e0}; a fraction
     * ({@code 2.9} installments, {@code 0.5} days) is refused instead of truncated as Jackson's
     * default does, and a whole number beyond an int is out of range as an integer literal is.
     */
    static final class WholeNumber extends StdScalarDeserializer<Integer> {
        private final NumberDeserializers.IntegerDeserializer standard;

        WholeNumber(Class<Integer> type) {
            super(type);
            this.standard = new NumberDeserializers.IntegerDeserializer(type, type == int.class ? 0 : null);
        }

        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                return standard.deserialize(parser, context);
            }
            BigDecimal value = parser.getDecimalValue();
            if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
                throw new RefusedValue(parser, "must be a whole number", Integer.class);
            }
            try {
                return value.intValueExact();
            } catch (ArithmeticException beyondAnInt) {
                throw new RefusedValue(parser, "is out of range", Integer.class);
            }
        }

        @Override
        public Integer getNullValue(DeserializationContext context) throws JsonMappingException {
            return standard.getNullValue(context);
        }
    }
}
