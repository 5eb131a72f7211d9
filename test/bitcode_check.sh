#!/bin/bash
# test/bitcode_check.sh - the JIT bitcode is compiled like the library.
#
# PGXS installs LLVM bitcode of every source file for llvmjit's inliner, and
# compiles it with flags of its own (BITCODE_CFLAGS), not with the library's.
# clang then fuses a * b + c into llvm.fmuladd, which rounds once instead of
# twice: inlined into a JIT-compiled query it could move a WHO z-score across
# a rounding tie.  The Makefile adds -ffp-contract=off to BITCODE_CFLAGS;
# this checks that no installed bitcode file has a fused multiply-add.
#
# Usage: test/bitcode_check.sh [PG_CONFIG]   (run after make install)
set -euo pipefail

PG_CONFIG=${1:-${PG_CONFIG:-pg_config}}
dir=$("$PG_CONFIG" --pkglibdir)/bitcode/stunting
global=$(dirname "$("$PG_CONFIG" --pgxs)")/../Makefile.global

if ! grep -q '^with_llvm[[:space:]]*=[[:space:]]*yes' "$global"; then
    echo "PostgreSQL was built without LLVM: no bitcode is installed, nothing to check"
    exit 0
fi
dis=$(command -v llvm-dis-14 || command -v llvm-dis || true)
if [ -z "$dis" ]; then
    echo "llvm-dis not found (package llvm-14, which postgresql-server-dev-15 pulls in)" >&2
    exit 1
fi

files=0
fused=0
while IFS= read -r -d '' f; do
    files=$((files + 1))
    # grep reads everything (no -q): an early exit would SIGPIPE llvm-dis
    # and pipefail would turn a match into a miss
    if "$dis" "$f" -o - | grep 'llvm\.fmuladd\|llvm\.fma\.' >/dev/null; then
        echo "fused multiply-add in ${f#"$dir"/}"
        fused=$((fused + 1))
    fi
done < <(find "$dir" -name '*.bc' -print0)

echo "$files bitcode files under $dir, $fused with a fused multiply-add"
[ "$files" -gt 0 ] && [ "$fused" -eq 0 ]
