package io.notifications.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * The README is an entrance, and everything it and the docs link to exists: every relative link names a file of
 * the repository and, after {@code #}, a heading of that file. The README gives the two commands once, states what
 * the build downloads and the tour needs, and the demo S3 server's endpoint and credentials as the demo has them.
 */
class DocumentationLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyRelativeLinkLeadsToAFileAndAHeadingThatExist() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CONTRIBUTING.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(page -> page.toString().endsWith(".md")).forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                links++;
                int hash = target.indexOf('#');
                Path file = hash == 0 ? page
                        : page.resolveSibling(hash > 0 ? target.substring(0, hash) : target).normalize();
                if (!Files.exists(file)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(file).contains(target.substring(hash + 1))) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(links).as("relative links followed").isGreaterThan(30);
        assertThat(broken).isEmpty();
    }

    @Test
    void theReadmeIsAnEntranceThatStatesWhatTheCommandsNeed() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme.lines().count()).as("README lines").isLessThan(250);
        assertThat(readme).contains("mvn spring-boot:run").contains("mvn verify")
                .contains("npm registry").contains("`jq`").contains("Java 17").contains("AWS CLI");
        assertThat(readme.split("mvn spring-boot:run     #", -1)).as("the two commands, given once").hasSize(2);

        // The demo S3 server's endpoint and keys as the demo has them: each a property of the service, set by the
        // demo profile or else by its default
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new ObjectMapper().readTree(in);
        }
        List<PropertySource<?>> demo = new YamlPropertySourceLoader().load("demo",
                new FileSystemResource("application-demo.yaml"));
        String prefix = "notifications.embedded.s3.";
        String endpoint = "http://" + demoValue(prefix + "host", metadata, demo) + ":"
                + demoValue(prefix + "port", metadata, demo);
        assertThat(readme).as("the demo S3 server's endpoint").contains("`" + endpoint + "`");
        for (String key : List.of("access-key", "secret-key")) {
            assertThat(readme).as("the demo S3 server's " + key)
                    .contains("`" + demoValue(prefix + key, metadata, demo) + "`");
        }
    }

    /** The value the demo profile gives a property of the service; fails when the service has no such property. */
    private static String demoValue(String name, JsonNode metadata, List<PropertySource<?>> demo) {
        JsonNode declared = null;
        for (JsonNode property : metadata.get("properties")) {
            if (property.get("name").asText().equals(name)) {
                declared = property;
            }
        }
        assertThat(declared).as(name + " in the configuration metadata").isNotNull();
        for (PropertySource<?> source : demo) {
            Object value = source.getProperty(name);
            if (value != null) {
                return value.toString();
            }
        }
        assertThat(declared.path("defaultValue").asText()).as("the default of " + name).isNotBlank();
        return declared.get("defaultValue").asText();
    }

    /** GitHub's anchors of a Markdown file's headings. */
    private static Set<String> anchors(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> line.matches("#{1,6} .*"))
                .map(line -> line.replaceFirst("#{1,6} ", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }
}
