package se.smartcitysweden.booking.localruntime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Calls a handler the way Lambda's Java runtime does: JSON in, JSON out. The payload becomes the
 * handler's input type with the runtime's own serialisation ({@code aws-lambda-java-serialization}:
 * the event serialisers with their mix-ins for the event types Lambda knows, Jackson for other
 * types, or a {@link CustomPojoSerializer} found through {@link ServiceLoader}); the result is
 * written back the same way. {@link RequestStreamHandler}s get the raw bytes.
 *
 * <p>One invoker per function (it holds only the resolved method and serialisers); the handler
 * instance is passed in, since every cold start builds a new one.
 */
final class HandlerInvoker {
    private static final String DEFAULT_METHOD = "handleRequest";

    private final Class<?> handlerClass;
    private final Call call;

    private HandlerInvoker(Class<?> handlerClass, Call call) {
        this.handlerClass = handlerClass;
        this.call = call;
    }

    @FunctionalInterface
    private interface Call {
        byte[] invoke(Object instance, byte[] payload, Context context) throws Throwable;
    }

    /** Resolves {@code Class::method} as Lambda does (a RequestHandler, a RequestStreamHandler, or a named method). */
    static HandlerInvoker forHandler(Class<?> handlerClass, String methodName) {
        ClassLoader loader = handlerClass.getClassLoader();
        Optional<CustomPojoSerializer> custom = ServiceLoader.load(CustomPojoSerializer.class, loader).findFirst();
        boolean defaultMethod = methodName == null || methodName.equals(DEFAULT_METHOD);
        if (defaultMethod && RequestStreamHandler.class.isAssignableFrom(handlerClass)) {
            return new HandlerInvoker(handlerClass, (instance, payload, context) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ((RequestStreamHandler) instance).handleRequest(new ByteArrayInputStream(payload), out, context);
                return out.toByteArray();
            });
        }
        if (defaultMethod && RequestHandler.class.isAssignableFrom(handlerClass)) {
            Type[] types = typeArguments(handlerClass, RequestHandler.class);
            Serializer input = serializer(types[0], loader, custom);
            Serializer output = serializer(types[1], loader, custom);
            return new HandlerInvoker(handlerClass, (instance, payload, context) -> {
                @SuppressWarnings("unchecked")
                RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) instance;
                return output.toJson(handler.handleRequest(input.fromJson(payload), context));
            });
        }
        if (methodName == null) {
            throw new IllegalStateException(handlerClass.getName() + " implements neither RequestHandler nor "
                    + "RequestStreamHandler; name its method in Handler (Class::method)");
        }
        return forMethod(handlerClass, methodName, loader, custom);
    }

    Class<?> handlerClass() { return handlerClass; }

    /** Builds a handler instance: the public constructor taking the environment map, else the no-argument one. */
    static Object newInstance(Class<?> handlerClass, Map<String, String> environment) throws Throwable {
        try {
            try {
                Constructor<?> withEnvironment = handlerClass.getConstructor(Map.class);
                return withEnvironment.newInstance(Map.copyOf(environment));
            } catch (NoSuchMethodException noMapConstructor) {
                System.out.println("WARNING: " + handlerClass.getName() + " has no public constructor taking the "
                        + "environment (Map<String, String>); using its no-argument one, which sees the local "
                        + "runtime's process environment instead of the template's variables.");
                return handlerClass.getConstructor().newInstance();
            }
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    byte[] invoke(Object instance, byte[] payload, Context context) throws Throwable {
        try {
            return call.invoke(instance, payload, context);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A handler named by method: the public method of that name with the most parameters, as Lambda picks it. */
    private static HandlerInvoker forMethod(Class<?> handlerClass, String methodName, ClassLoader loader,
                                            Optional<CustomPojoSerializer> custom) {
        Method method = Arrays.stream(handlerClass.getMethods())
                .filter(m -> m.getName().equals(methodName) && !m.isBridge() && m.getParameterCount() <= 3)
                .max(Comparator.comparingInt(Method::getParameterCount))
                .orElseThrow(() -> new IllegalStateException("no public method " + methodName + " in "
                        + handlerClass.getName()));
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        Class<?>[] parameters = method.getParameterTypes();
        Type[] generic = method.getGenericParameterTypes();
        if (parameters.length >= 2 && parameters[0] == InputStream.class && parameters[1] == OutputStream.class) {
            return new HandlerInvoker(handlerClass, (instance, payload, context) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Object[] arguments = parameters.length == 3
                        ? new Object[] {new ByteArrayInputStream(payload), out, context}
                        : new Object[] {new ByteArrayInputStream(payload), out};
                method.invoke(isStatic ? null : instance, arguments);
                return out.toByteArray();
            });
        }
        Serializer input = parameters.length >= 1 && parameters[0] != Context.class
                ? serializer(generic[0], loader, custom) : null;
        Serializer output = method.getReturnType() == void.class ? null
                : serializer(method.getGenericReturnType(), loader, custom);
        return new HandlerInvoker(handlerClass, (instance, payload, context) -> {
            Object[] arguments = new Object[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                arguments[i] = parameters[i] == Context.class ? context : input.fromJson(payload);
            }
            Object result = method.invoke(isStatic ? null : instance, arguments);
            return output == null ? "null".getBytes(StandardCharsets.UTF_8) : output.toJson(result);
        });
    }

    /** JSON to and from one Java type, with the serialiser Lambda's runtime would choose for it. */
    private record Serializer(PojoSerializer<Object> pojo, CustomPojoSerializer custom, Type type) {
        Object fromJson(byte[] payload) {
            try {
                return custom != null ? custom.fromJson(new ByteArrayInputStream(payload), type)
                        : pojo.fromJson(new ByteArrayInputStream(payload));
            } catch (RuntimeException e) {
                // The wording of Lambda's Java runtime for a payload that does not fit the input type.
                throw new RuntimeException("An error occurred during JSON parsing", e);
            }
        }

        byte[] toJson(Object value) {
            if (value == null) return "null".getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                if (custom != null) custom.toJson(value, out, type);
                else pojo.toJson(value, out);
            } catch (RuntimeException e) {
                throw new RuntimeException("An error occurred during JSON serialization of response", e);
            }
            return out.toByteArray();
        }
    }

    @SuppressWarnings("unchecked")
    private static Serializer serializer(Type type, ClassLoader loader, Optional<CustomPojoSerializer> custom) {
        if (custom.isPresent()) return new Serializer(null, custom.get(), type);
        if (type instanceof Class<?> c && LambdaEventSerializers.isLambdaSupportedEvent(c.getName())) {
            // Lambda's runtime loads these event serialisers through the function's class loader; they need
            // Joda-Time there (aws-lambda-java-libs issue 72) exactly as in AWS.
            return new Serializer((PojoSerializer<Object>) LambdaEventSerializers.serializerFor(c, loader), null, type);
        }
        return new Serializer(JacksonFactory.getInstance().getSerializer(type), null, type);
    }

    /** The actual type arguments with which {@code type} implements the generic interface {@code target}. */
    static Type[] typeArguments(Class<?> type, Class<?> target) {
        Type[] found = find(type, target, new HashMap<>());
        if (found == null) found = target.getTypeParameters();
        Type[] resolved = new Type[found.length];
        for (int i = 0; i < found.length; i++) {
            resolved[i] = found[i] instanceof TypeVariable<?> ? Object.class : found[i];
        }
        return resolved;
    }

    private static Type[] find(Type type, Class<?> target, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> scope = bindings;
        if (type instanceof ParameterizedType parameterized) {
            raw = (Class<?>) parameterized.getRawType();
            scope = new HashMap<>(bindings);
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] arguments = parameterized.getActualTypeArguments();
            for (int i = 0; i < variables.length; i++) scope.put(variables[i], substitute(arguments[i], bindings));
            if (raw == target) {
                Type[] result = new Type[variables.length];
                for (int i = 0; i < variables.length; i++) result[i] = scope.get(variables[i]);
                return result;
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
            if (raw == target) return raw.getTypeParameters();
        } else {
            return null;
        }
        for (Type implemented : raw.getGenericInterfaces()) {
            Type[] result = find(implemented, target, scope);
            if (result != null) return result;
        }
        Type superclass = raw.getGenericSuperclass();
        return superclass == null ? null : find(superclass, target, scope);
    }

    /** The type with the bound type variables replaced, also inside type arguments ({@code List<T>}). */
    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> variable) return bindings.getOrDefault(variable, variable);
        if (type instanceof ParameterizedType parameterized) {
            Type[] arguments = parameterized.getActualTypeArguments();
            Type[] substituted = new Type[arguments.length];
            boolean changed = false;
            for (int i = 0; i < arguments.length; i++) {
                substituted[i] = substitute(arguments[i], bindings);
                changed |= substituted[i] != arguments[i];
            }
            return changed ? new Resolved(parameterized.getRawType(), substituted, parameterized.getOwnerType()) : type;
        }
        return type;
    }

    /** A parameterized type made here by substitution (Jackson reads any {@link ParameterizedType}). */
    private static final class Resolved implements ParameterizedType {
        private final Type raw;
        private final Type[] arguments;
        private final Type owner;

        Resolved(Type raw, Type[] arguments, Type owner) {
            this.raw = raw;
            this.arguments = arguments;
            this.owner = owner;
        }

        @Override public Type[] getActualTypeArguments() { return arguments.clone(); }

        @Override public Type getRawType() { return raw; }

        @Override public Type getOwnerType() { return owner; }

        @Override
        public String toString() {
            return raw.getTypeName() + Arrays.stream(arguments).map(Type::getTypeName)
                    .collect(java.util.stream.Collectors.joining(", ", "<", ">"));
        }
    }
}
