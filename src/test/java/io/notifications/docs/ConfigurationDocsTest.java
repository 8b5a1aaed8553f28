package io.notifications.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/configuration.md names every {@code notifications.*} and {@code iconik.*} key the service reads: those in
 * the configuration metadata the build generates from the {@code @ConfigurationProperties} classes, those set in
 * the packaged YAML files, and those the routes and beans read as placeholders.
 */
class ConfigurationDocsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("(?:\\{\\{|\\$\\{)((?:notifications|iconik)\\.[a-z0-9.-]+)");

    @Test
    void everyKeyHasARowInTheConfigurationPage() throws IOException {
        TreeSet<String> keys = new TreeSet<>();
        keys.addAll(metadataKeys());
        for (String file : List.of("application.yaml", "application-demo.yaml", "application-postgres.yaml")) {
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                for (Object document : new Yaml().loadAll(in)) {
                    flatten("", document, keys);
                }
            }
        }
        for (Path root : List.of(Path.of("routes"), Path.of("src/main/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Matcher placeholder = PLACEHOLDER.matcher(Files.readString(file));
                    while (placeholder.find()) {
                        keys.add(placeholder.group(1));
                    }
                }
            }
        }
        keys.removeIf(key -> !key.startsWith("notifications.") && !key.startsWith("iconik."));
        assertThat(keys).as("keys found").hasSizeGreaterThan(80);

        List<String> page = Files.readAllLines(Path.of("docs/configuration.md"));
        assertThat(keys.stream().filter(key -> !documented(key, page)).toList())
                .as("keys without a row in docs/configuration.md").isEmpty();
    }

    /** As itself, or as a short name in the row of a sibling ({@code `iconik.sqs.access-key` / `secret-key`}). */
    private static boolean documented(String key, List<String> page) {
        int dot = key.lastIndexOf('.');
        String parent = key.substring(0, dot + 1);
        String leaf = "`" + key.substring(dot + 1) + "`";
        return page.stream().anyMatch(line -> line.startsWith("|") && (line.contains("`" + key + "`")
                || line.contains("`" + parent) && line.contains(leaf)));
    }

    private static List<String> metadataKeys() throws IOException {
        try (InputStream in = ConfigurationDocsTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the configuration metadata (spring-boot-configuration-processor)").isNotNull();
            JsonNode metadata = new ObjectMapper().readTree(in);
            return metadata.get("properties").findValuesAsText("name");
        }
    }

    /** YAML keys as dotted names; a list of objects is one {@code [n]} element. */
    private static void flatten(String prefix, Object node, TreeSet<String> keys) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((name, value) -> flatten(prefix.isEmpty() ? String.valueOf(name) : prefix + "." + name,
                    value, keys));
        } else if (node instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?>) {
            keys.add(prefix);
            list.forEach(element -> flatten(prefix + "[n]", element, keys));
        } else if (!prefix.isEmpty()) {
            keys.add(prefix);
        }
    }
}
