package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;

/**
 * ProGuard shrinks the AWS SDK's service packages of each deployment jar (root pom.xml,
 * functions/lambda-jar-shrink.pro). This checks the shrunk jar against the shaded one it came from
 * ({@code <module>-lambda-unshrunk.jar}), so that a keep rule missing or wrong fails the build rather
 * than a function in Lambda: no class or member that the jar's code refers to goes missing, no class
 * a service file names, no resource, and no class outside the program changes.
 */
class ShrunkJarsIT {
    private static final String SERVICES = "software/amazon/awssdk/services/";
    /** Passed through ProGuard with every member kept (their stack maps are written again). */
    private static final String OUR_CODE = "se/";

    @Test
    void everyShrunkJar_referencesNothingItsUnshrunkJarHas_andKeepsWhatServiceFilesName() throws IOException {
        Path root = CloudFormationTemplate.locate().getParent();
        Matcher module = Pattern.compile("(?m)^FUNCTION_MODULE_\\w+\\s*=\\s*(\\S+)\\s*$")
                .matcher(Files.readString(root.resolve("Makefile")));
        int checked = 0;
        while (module.find()) {
            Path target = root.resolve("functions").resolve(module.group(1)).resolve("target");
            Jar shrunk = Jar.read(target.resolve(module.group(1) + "-lambda.jar"));
            Jar unshrunk = Jar.read(target.resolve(module.group(1) + "-lambda-unshrunk.jar"));
            String name = module.group(1);

            assertTrue(shrunk.classes(SERVICES).size() < unshrunk.classes(SERVICES).size(), name + " is not shrunk");
            assertEquals(unshrunk.files(), shrunk.files(), name + ": resources differ");
            for (Map.Entry<String, Long> c : unshrunk.crcs.entrySet()) {
                if (c.getKey().startsWith(SERVICES)) continue;
                assertTrue(shrunk.crcs.containsKey(c.getKey()), name + " lost " + c.getKey());
                if (!c.getKey().startsWith(OUR_CODE)) {
                    assertEquals(c.getValue(), shrunk.crcs.get(c.getKey()), name + " changed " + c.getKey());
                }
            }
            // The service files name classes loaded by ServiceLoader, never referred to in code. A name
            // missing already from the unshrunk jar (the DynamoDB Streams warm-up provider, whose
            // package the shade filter leaves out) is not shrinking's doing.
            Set<String> named = new TreeSet<>(shrunk.namedInServiceFiles());
            named.removeIf(c -> !shrunk.crcs.containsKey(c) && !unshrunk.crcs.containsKey(c));
            named.removeAll(shrunk.crcs.keySet());
            assertEquals(Set.of(), named, name + ": classes named in service files are missing");

            Set<String> missing = shrunk.unresolved();
            missing.removeAll(unshrunk.unresolved());
            assertEquals(Set.of(), missing, name + ": referred to but neither in the jar nor in the JDK");
            checked++;
        }
        assertTrue(checked >= 7, "the Makefile names every function");
    }

    /** A jar's entries: classes parsed, CRCs of every file, the names service files give. */
    private record Jar(Map<String, ClassFile> parsed, Map<String, Long> crcs, Map<String, String> texts) {
        private static final Map<String, ClassFile> JDK = new HashMap<>();
        /**
         * Classes parsed, by entry name, CRC and size: the fourteen jars share most of their classes (the SDK's
         * core, Jackson, our shared module), each parsed once.
         */
        private static final Map<String, ClassFile> SEEN = new HashMap<>();

        static Jar read(Path path) throws IOException {
            assertTrue(Files.isRegularFile(path), path + " is not built");
            Map<String, ClassFile> parsed = new HashMap<>();
            Map<String, Long> crcs = new HashMap<>();
            Map<String, String> texts = new HashMap<>();
            try (ZipFile zip = new ZipFile(path.toFile())) {
                for (ZipEntry e : zip.stream().toList()) {
                    if (e.isDirectory()) continue;
                    crcs.put(e.getName(), e.getCrc());
                    if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                        String content = e.getName() + "@" + e.getCrc() + "@" + e.getSize();
                        ClassFile c = SEEN.get(content);
                        if (c == null) {
                            c = ClassFile.parse(zip.getInputStream(e).readAllBytes());
                            SEEN.put(content, c);
                        }
                        parsed.put(c.name, c);
                    } else if (e.getName().startsWith("META-INF/services/") || e.getName().endsWith("execution.interceptors")) {
                        texts.put(e.getName(), new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
            return new Jar(parsed, crcs, texts);
        }

        Set<String> classes(String prefix) {
            Set<String> found = new TreeSet<>(parsed.keySet());
            found.removeIf(c -> !c.startsWith(prefix));
            return found;
        }

        Set<String> files() {
            Set<String> files = new TreeSet<>(crcs.keySet());
            files.removeIf(f -> f.endsWith(".class"));
            return files;
        }

        /** As entry names: a/b/C.class. */
        Set<String> namedInServiceFiles() {
            Set<String> names = new TreeSet<>();
            for (String text : texts.values()) {
                for (String line : text.split("\n")) {
                    String name = line.replaceAll("#.*", "").trim();
                    if (!name.isEmpty()) names.add(name.replace('.', '/') + ".class");
                }
            }
            return names;
        }

        /** Classes and members the jar's classes refer to that neither the jar nor the JDK has. */
        Set<String> unresolved() {
            Set<String> missing = new TreeSet<>();
            for (ClassFile c : parsed.values()) {
                for (String ref : c.classes) {
                    if (!parsed.containsKey(ref) && !inJdk(ref)) missing.add(ref);
                }
                for (String[] m : c.memberRefs) {
                    if (parsed.containsKey(m[0]) && !declares(m[0], m[1], new HashSet<>())) {
                        missing.add(m[0] + "." + m[1]);
                    }
                }
            }
            return missing;
        }

        /** Whether the class or a supertype (in the jar or the JDK) has the member, as name + descriptor. */
        private boolean declares(String owner, String member, Set<String> seen) {
            ClassFile c = parsed.containsKey(owner) ? parsed.get(owner) : JDK.computeIfAbsent(owner, Jar::fromJdk);
            if (c == null) return true; // a class missing from the jar and the JDK: unresolved() reports it
            if (!seen.add(owner)) return false;
            if (c.members.contains(member)) return true;
            List<String> supers = new ArrayList<>(c.interfaces);
            if (c.superName != null) supers.add(c.superName);
            for (String s : supers) {
                if (declares(s, member, seen)) return true;
            }
            return false;
        }

        private static boolean inJdk(String name) {
            return ClassLoader.getPlatformClassLoader().getResource(name + ".class") != null;
        }

        private static ClassFile fromJdk(String name) {
            try (var in = ClassLoader.getPlatformClassLoader().getResourceAsStream(name + ".class")) {
                return in == null ? null : ClassFile.parse(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The parts of a class file the check needs: its name, supertypes, members, and what its constant pool refers to. */
    private record ClassFile(String name, String superName, List<String> interfaces, Set<String> members,
                             Set<String> classes, List<String[]> memberRefs) {
        private static final Pattern OBJECT_TYPE = Pattern.compile("L([^;<]+);");

        static ClassFile parse(byte[] bytes) {
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
                in.skipBytes(8);
                int count = in.readUnsignedShort();
                int[] tags = new int[count];
                String[] utf = new String[count];
                int[][] refs = new int[count][];
                for (int i = 1; i < count; i++) {
                    tags[i] = in.readUnsignedByte();
                    switch (tags[i]) {
                        case 1 -> utf[i] = in.readUTF();
                        case 3, 4 -> in.skipBytes(4);
                        case 5, 6 -> { in.skipBytes(8); i++; }
                        case 7, 8, 16, 19, 20 -> refs[i] = new int[] {in.readUnsignedShort()};
                        case 15 -> { in.readUnsignedByte(); refs[i] = new int[] {in.readUnsignedShort()}; }
                        case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                        default -> throw new IllegalStateException("constant pool tag " + tags[i]);
                    }
                }
                Set<String> classes = new HashSet<>();
                List<String[]> memberRefs = new ArrayList<>();
                for (int i = 1; i < count; i++) {
                    switch (tags[i]) {
                        case 7 -> {
                            String type = utf[refs[i][0]];
                            if (type.startsWith("[")) addTypes(classes, type); else classes.add(type);
                        }
                        case 12 -> addTypes(classes, utf[refs[i][1]]);
                        case 16 -> addTypes(classes, utf[refs[i][0]]);
                        case 9, 10, 11 -> {
                            String owner = utf[refs[refs[i][0]][0]];
                            int[] nameAndType = refs[refs[i][1]];
                            memberRefs.add(new String[] {owner, utf[nameAndType[0]] + utf[nameAndType[1]]});
                        }
                        default -> { }
                    }
                }
                in.skipBytes(2);
                String name = utf[refs[in.readUnsignedShort()][0]];
                int superIndex = in.readUnsignedShort();
                String superName = superIndex == 0 ? null : utf[refs[superIndex][0]];
                List<String> interfaces = new ArrayList<>();
                for (int n = in.readUnsignedShort(); n > 0; n--) interfaces.add(utf[refs[in.readUnsignedShort()][0]]);
                Set<String> members = new HashSet<>();
                for (int kind = 0; kind < 2; kind++) {
                    for (int n = in.readUnsignedShort(); n > 0; n--) {
                        in.skipBytes(2);
                        String memberName = utf[in.readUnsignedShort()];
                        String descriptor = utf[in.readUnsignedShort()];
                        members.add(memberName + descriptor);
                        addTypes(classes, descriptor);
                        for (int a = in.readUnsignedShort(); a > 0; a--) {
                            in.skipBytes(2);
                            in.skipBytes(in.readInt());
                        }
                    }
                }
                classes.remove(name);
                return new ClassFile(name, superName, interfaces, members, classes, memberRefs);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The classes a descriptor or an array type names. */
        private static void addTypes(Set<String> classes, String type) {
            Matcher m = OBJECT_TYPE.matcher(type);
            while (m.find()) classes.add(m.group(1));
        }
    }
}
