package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.PrintStream;
import java.io.OutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;

/** Route matching, static file resolution and handler type resolution, without servers. */
class HttpApiRoutesTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void theMostSpecificRouteWins(@TempDir Path folder) throws Exception {
        HttpApiRoutes routes = routes(folder);
        assertEquals("GET /echo/fixed", route(routes, "GET", "/echo/fixed"));
        assertEquals("ANY /echo/{id}", route(routes, "POST", "/echo/fixed"));
        assertEquals("ANY /echo/{id}", route(routes, "GET", "/echo/x"));
        assertEquals("GET /echo/{id}/{proxy+}", route(routes, "GET", "/echo/x/y/z"));
        assertEquals("POST /bookings", route(routes, "POST", "/bookings"));
        assertNull(route(routes, "GET", "/bookings"));
        assertNull(route(routes, "POST", "/bookings/"));
        assertNull(route(routes, "GET", "/echo"));
        assertNull(route(routes, "GET", "/echo/"));
        assertEquals(Map.of("id", "x", "proxy", "a/b c"),
                routes.match("GET", "/echo/x/a/b%20c").orElseThrow().pathParameters());
        assertEquals(Map.of("id", "a+b"), routes.match("GET", "/echo/a+b").orElseThrow().pathParameters());
    }

    @Test
    void queryParametersJoinRepeatedNames() {
        assertEquals(Map.of("a", "1,2", "b", "x y", "c", ""), HttpApiEvents.queryParameters("a=1&b=x+y&a=2&c"));
    }

    @Test
    void staticFilesStayInsideTheirFolder(@TempDir Path folder) throws Exception {
        Path web = Files.createDirectories(folder.resolve("web"));
        Files.writeString(web.resolve("index.html"), "hi");
        Files.writeString(folder.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(web.resolve("link.txt"), folder.resolve("secret.txt"));
        StaticFiles files = new StaticFiles(web);
        assertEquals(web.resolve("index.html"), files.resolve("/index.html"));
        assertEquals(web, files.resolve("/"));
        for (String path : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/a/..%2f..%2fsecret.txt", "/..%5csecret.txt",
                "/link.txt", "/%00index.html", "relative")) {
            assertNull(files.resolve(path), path);
        }
        assertEquals("text/css; charset=utf-8", StaticFiles.contentType(Path.of("a.CSS")));
        assertEquals("application/octet-stream", StaticFiles.contentType(Path.of("a.unknown")));
    }

    static final class StringHandler implements RequestHandler<String, Integer> {
        @Override public Integer handleRequest(String input, com.amazonaws.services.lambda.runtime.Context context) { return 1; }
    }

    abstract static class Base<T> implements RequestHandler<T, List<T>> { }

    static final class Derived extends Base<Map<String, Long>> {
        @Override public List<Map<String, Long>> handleRequest(Map<String, Long> input,
                                                               com.amazonaws.services.lambda.runtime.Context context) { return null; }
    }

    @Test
    void handlerTypesAreResolvedThroughTheClassHierarchy() {
        Type[] simple = HandlerInvoker.typeArguments(StringHandler.class, RequestHandler.class);
        assertEquals(String.class, simple[0]);
        assertEquals(Integer.class, simple[1]);
        Type[] derived = HandlerInvoker.typeArguments(Derived.class, RequestHandler.class);
        assertTrue(derived[0] instanceof ParameterizedType map && map.getRawType() == Map.class, derived[0].toString());
        assertTrue(derived[1].getTypeName().equals("java.util.List<java.util.Map<java.lang.String, java.lang.Long>>"),
                derived[1].getTypeName());
    }

    private static String route(HttpApiRoutes routes, String method, String path) {
        Optional<HttpApiRoutes.Match> match = routes.match(method, path);
        return match.map(m -> m.route().routeKey()).orElse(null);
    }

    private static HttpApiRoutes routes(Path folder) throws Exception {
        Path file = TestTemplate.write(folder);
        CloudFormationTemplate template = CloudFormationTemplate.load(file, "t", "eu-north-1", "http://127.0.0.1:1", Map.of());
        FunctionRegistry functions = FunctionRegistry.fromTemplate(template, Map.of(),
                HttpApiRoutesTest.class.getClassLoader(), QUIET);
        return HttpApiRoutes.fromTemplate(template, functions, QUIET);
    }
}
