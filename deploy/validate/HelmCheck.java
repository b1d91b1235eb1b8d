import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Lints and renders the shelfstream chart with real Helm (helm-java embeds Helm's Go library), once per
 * values case, and writes each rendering to {@code <out>/<case>.yaml} for the schema checks that follow.
 *
 * <p>Usage: {@code java -cp <classpath> HelmCheck.java <chartDir> <outDir> <kubeVersion> default
 * production=helm/shelfstream/values-production.yaml}
 *
 * <p>helm-java's lint takes no values file, so a case with one is linted on a temporary copy of the chart
 * whose values.yaml is the chart's values deep-merged with the case's file (Helm's own merge rules: maps
 * merge, everything else is replaced, null deletes).
 *
 * <p>helm-java's template returns the release manifest without its hooks (the helm CLI appends those
 * itself), so rendering runs on a temporary copy whose {@code helm.sh/hook} annotations are renamed to
 * {@code validate.shelfstream.io/hook}: the hook Jobs and Secret then come out with everything else
 * and are schema-checked too. Lint always runs on the real annotations.
 *
 * <p>Quiet on success: one line per check; Helm's messages are printed only for a failing check. Exits 1 if
 * any check failed.
 */
public class HelmCheck {

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: HelmCheck <chartDir> <outDir> <kubeVersion> <case>[=<valuesFile>]...");
      System.exit(2);
    }
    Path chart = Path.of(args[0]).toAbsolutePath().normalize();
    Path out = Path.of(args[1]).toAbsolutePath().normalize();
    String kubeVersion = args[2];
    Files.createDirectories(out);
    boolean failed = false;
    for (int i = 3; i < args.length; i++) {
      String[] parts = args[i].split("=", 2);
      String name = parts[0];
      Path values = parts.length > 1 ? Path.of(parts[1]).toAbsolutePath().normalize() : null;
      failed |= !lint(chart, name, values);
      failed |= !template(chart, name, values, kubeVersion, out.resolve(name + ".yaml"));
    }
    System.exit(failed ? 1 : 0);
  }

  private static boolean lint(Path chart, String name, Path values) throws IOException {
    Path target = values == null ? chart : mergedCopy(chart, values);
    try {
      LintResult result = new Helm(target).lint().strict().call();
      if (result.isFailed()) {
        System.out.println("FAIL helm lint --strict (" + name + ")");
        result.getMessages().forEach(m -> System.out.println("  " + m));
        return false;
      }
      System.out.println("ok   helm lint --strict (" + name + ")");
      return true;
    } catch (RuntimeException e) {
      System.out.println("FAIL helm lint --strict (" + name + "): " + e.getMessage());
      return false;
    } finally {
      if (values != null) deleteTree(target.getParent());
    }
  }

  private static boolean template(Path chart, String name, Path values, String kubeVersion, Path dest)
      throws IOException {
    Path unhooked = copyChart(chart, true);
    try {
      var command = new Helm(unhooked).template()
          .withName("shelfstream")
          .withNamespace("shelfstream")
          .withKubeVersion(kubeVersion);
      if (values != null) command = command.withValuesFile(values);
      String rendered = command.call();
      Files.writeString(dest, rendered);
      long docs = rendered.lines().filter(l -> l.startsWith("kind:")).count();
      System.out.println("ok   helm template (" + name + "): " + docs + " manifests -> " + dest);
      return true;
    } catch (Exception e) {
      System.out.println("FAIL helm template (" + name + "): " + e.getMessage());
      return false;
    } finally {
      deleteTree(unhooked.getParent());
    }
  }

  /** Copies the chart to a temporary folder and replaces its values.yaml with chart values + overrides. */
  @SuppressWarnings("unchecked")
  private static Path mergedCopy(Path chart, Path values) throws IOException {
    Path copy = copyChart(chart, false);
    Yaml yaml = new Yaml();
    Map<String, Object> base;
    Map<String, Object> overrides;
    try (InputStream in = Files.newInputStream(chart.resolve("values.yaml"))) {
      base = (Map<String, Object>) yaml.load(in);
    }
    try (InputStream in = Files.newInputStream(values)) {
      overrides = (Map<String, Object>) yaml.load(in);
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Files.writeString(copy.resolve("values.yaml"), new Yaml(options).dump(merge(base, overrides)));
    return copy;
  }

  /** Copies the chart to a temporary folder; with unhook, renames the hook annotation in templates/. */
  private static Path copyChart(Path chart, boolean unhook) throws IOException {
    Path copy = Files.createTempDirectory("helmcheck-").resolve(chart.getFileName());
    try (Stream<Path> walk = Files.walk(chart)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path to = copy.resolve(chart.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(to);
        else if (unhook && chart.relativize(p).startsWith("templates"))
          Files.writeString(to, Files.readString(p).replace("helm.sh/hook", "validate.shelfstream.io/hook"));
        else Files.copy(p, to);
      }
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
    Map<String, Object> merged = new LinkedHashMap<>(base == null ? Map.of() : base);
    if (overrides == null) return merged;
    for (Map.Entry<String, Object> e : overrides.entrySet()) {
      Object current = merged.get(e.getKey());
      Object next = e.getValue();
      if (next == null) merged.remove(e.getKey());
      else if (current instanceof Map && next instanceof Map)
        merged.put(e.getKey(), merge((Map<String, Object>) current, (Map<String, Object>) next));
      else merged.put(e.getKey(), next);
    }
    return merged;
  }

  private static void deleteTree(Path root) throws IOException {
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
    }
    for (Path p : paths) Files.deleteIfExists(p);
  }
}
