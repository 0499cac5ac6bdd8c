# Shared by the scripts: finding Java 17 and building what is missing.

# Sets JAVA to a Java 17 (or newer) runtime, preferring JAVA_HOME.
granary_require_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    JAVA="$JAVA_HOME/bin/java"
  else
    JAVA="$(command -v java || true)"
  fi
  if [ -z "$JAVA" ]; then
    echo "granary: Java 17 is needed (set JAVA_HOME or put java on PATH)" >&2
    exit 1
  fi
  local version
  version="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')"
  if [ "${version%%.*}" -lt 17 ] 2>/dev/null; then
    echo "granary: Java 17 or newer is needed, found $version" >&2
    exit 1
  fi
}

# Builds the project (without tests) when a build output is missing or a source is newer than it.
granary_build_if_needed() {
  local stamp="$home/launcher/target/classpath.txt"
  local storage="$home/storage-local/target/classpath.txt"
  if [ -f "$stamp" ] && [ -f "$storage" ] \
     && [ -z "$(find "$home" -path "$home/data" -prune -o \( -name '*.java' -o -name pom.xml \) -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    echo "granary: Maven is needed to build (apt-get install -y maven)" >&2
    exit 1
  fi
  echo "granary: building (first run or sources changed)..." >&2
  (cd "$home" && mvn -B -q -DskipTests install) >&2
  touch "$stamp"
}
