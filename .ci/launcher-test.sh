#!/usr/bin/env bash
# Launcher test (run by .ci/run; also by hand: .ci/launcher-test.sh). Checks ./spindle's contract:
#  1. help lists every command the launcher accepts, and `help CMD` / `CMD --help` explain each;
#  2. an unknown command prints the help on stderr and exits 2;
#  3. the up-to-date check: the first jar command builds (with progress), a second one does not,
#     an edit under src/main or of a pom.xml rebuilds, an edit under src/test does not, a failed
#     build stops with Maven's errors;
#  4. no escape bytes in the launcher's own output.
# Part 3 runs the launcher in a scratch tree against a stub JDK and a stub mvn (fast, hermetic: it
# never touches this checkout's target/ or ~/.m2). Parts 1, 2 and 4 run the real launcher.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fails=0
pass() { echo "  ok   $*"; }
fail() { echo "  FAIL $*"; fails=$((fails + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

echo "launcher test: help and commands"
# The accepted commands, read from the launcher's own dispatch line (so a new command cannot be
# left out of the help without this test noticing).
cmds=$(sed -n 's/^  \([a-z|]*\)) ;;$/\1/p' "$root/spindle" | tr '|' ' ')
check "launcher declares its commands ($cmds)" test -n "$cmds"
"$root/spindle" help >"$tmp/help" 2>&1; rc=$?
check "help exits 0" test $rc -eq 0
"$root/spindle" >"$tmp/noarg" 2>&1
check "no argument prints the help" cmp -s "$tmp/help" "$tmp/noarg"
for c in $cmds help; do
  check "help lists '$c'" grep -qE "^  $c( |\$)" "$tmp/help"
  "$root/spindle" help "$c" >"$tmp/h1" 2>&1; rc=$?
  check "help $c exits 0 and explains it" bash -c "[ $rc -eq 0 ] && grep -q '^./spindle $c' '$tmp/h1'"
  case $c in jmh|compare) continue ;; esac   # their --help also runs the (built) tool: see below
  "$root/spindle" "$c" --help >"$tmp/h2" 2>&1; rc=$?
  check "$c --help exits 0 and explains it" bash -c "[ $rc -eq 0 ] && grep -q '^./spindle $c' '$tmp/h2'"
done

echo "launcher test: unknown command"
"$root/spindle" no-such-command >"$tmp/out" 2>"$tmp/err"; rc=$?
check "unknown command exits 2" test $rc -eq 2
check "unknown command names itself on stderr" grep -q "unknown command 'no-such-command'" "$tmp/err"
check "unknown command prints the help on stderr" grep -q '^Commands:' "$tmp/err"
check "unknown command prints nothing on stdout" test ! -s "$tmp/out"
"$root/spindle" help no-such-command >/dev/null 2>&1; rc=$?
check "help of an unknown command exits 2" test $rc -eq 2

echo "launcher test: no escape bytes"
"$root/spindle" mvn -q -N validate >"$tmp/mvn" 2>&1; "$root/spindle" mvn -v >>"$tmp/mvn" 2>&1
check "Maven through the launcher prints no escape bytes" bash -c "! grep -q \$'\\e' '$tmp/mvn' '$tmp/help' '$tmp/err'"

echo "launcher test: up-to-date check (scratch tree, stub JDK and mvn)"
w=$tmp/tree; mkdir -p "$w/runtime/src/main/java" "$w/runtime/src/test/java" "$w/fakejdk/bin" "$w/bin"
cp "$root/spindle" "$w/spindle"
touch "$w/pom.xml" "$w/runtime/pom.xml" "$w/runtime/src/main/java/A.java" "$w/runtime/src/test/java/ATest.java"
cat >"$w/fakejdk/bin/java" <<'STUB'
#!/usr/bin/env bash
case "$*" in *-XshowSettings*) echo "    java.specification.version = 25" >&2 ;; *) echo "java $*" ;; esac
STUB
cp "$w/fakejdk/bin/java" "$w/fakejdk/bin/javac"
cat >"$w/bin/mvn" <<'STUB'
#!/usr/bin/env bash
# Stub Maven: counts its runs, prints Maven-like progress, makes the jars (or fails on request).
echo run >>"$STUB_LOG"
echo "[INFO] Building Spindle runtime 0.1.0-SNAPSHOT                              [1/2]"
if [ -e "$STUB_FAIL" ]; then echo "[ERROR] COMPILATION ERROR: A.java:[1,1] stub failure"; exit 1; fi
echo "[INFO] Building Spindle bench 0.1.0-SNAPSHOT                                [2/2]"
mkdir -p bench/target samples/target
touch bench/target/spindle-bench.jar bench/target/spindle-jmh.jar samples/target/spindle-samples.jar
STUB
chmod +x "$w/fakejdk/bin/java" "$w/fakejdk/bin/javac" "$w/bin/mvn" "$w/spindle"
export STUB_LOG=$tmp/mvn-runs STUB_FAIL=$tmp/fail
: >"$STUB_LOG"
runs() { wc -l <"$STUB_LOG" | tr -d ' '; }
sp() { (cd "$w" && JAVA_HOME="$w/fakejdk" PATH="$w/bin:$PATH" ./spindle "$@") >"$tmp/o" 2>"$tmp/e"; }
edit() { sleep 0.05; touch "$@"; }   # an edit after the last build (file times have ns resolution)

sp sample list; rc=$?
check "first jar command builds" test "$(runs)" = 1 -a $rc -eq 0
check "the build shows progress per module" grep -q 'spindle: *\[1/2\] Spindle runtime' "$tmp/e"
check "the sample runs after the build" grep -q 'java -jar samples/target/spindle-samples.jar list' "$tmp/o"
sp sample list
check "second command does not build (up to date)" test "$(runs)" = 1
check "an up-to-date run prints nothing of its own" test ! -s "$tmp/e"
edit "$w/runtime/src/test/java/ATest.java"; sp bench spawn
check "a test-source edit does not rebuild" test "$(runs)" = 1
edit "$w/runtime/src/main/java/A.java"; sp bench spawn
check "a src/main edit rebuilds" test "$(runs)" = 2
check "the rebuild says why" grep -q 'runtime/src/main/java/A.java' "$tmp/e"
sp bench spawn
check "then it is up to date again" test "$(runs)" = 2
edit "$w/runtime/pom.xml"; sp jmh -l
check "a pom.xml edit rebuilds" test "$(runs)" = 3
rm "$w/samples/target/spindle-samples.jar"; sp sample list
check "a missing jar rebuilds" test "$(runs)" = 4
SPINDLE_FORCE_BUILD=1 sp sample list
check "SPINDLE_FORCE_BUILD=1 builds anyway" test "$(runs)" = 5
edit "$w/runtime/src/main/java/A.java"; touch "$STUB_FAIL"; sp sample list; rc=$?
check "a failed build exits non-zero" test $rc -ne 0
check "a failed build prints Maven's errors" grep -q 'stub failure' "$tmp/e"
check "a failed build does not run the jar" test ! -s "$tmp/o"
rm -f "$STUB_FAIL"; sp sample list
check "after a failed build the next command builds again" test "$(runs)" = 7

if [ $fails -ne 0 ]; then echo "launcher test: $fails FAILED"; exit 1; fi
echo "launcher test: all passed"
