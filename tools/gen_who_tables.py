#!/usr/bin/env python3
"""Generate extension/who_tables.c from WHO's raw LMS tables.

The raw tables are the tab-separated files that WHO's own R packages ship
(`anthro` for the 2006 Child Growth Standards, `anthroplus` for the 2007
Growth Reference).  They live outside this repository (../shared/who, see its
SOURCE.md) and are not committed here; this script turns them into C arrays
that are compiled into the extension, so every z-score function is IMMUTABLE.

Usage:
    tools/gen_who_tables.py [--who DIR] [--out FILE]   write the C file
    tools/gen_who_tables.py --check [--who DIR]        exit 1 if the committed
                                                       file differs from what
                                                       the raw tables give

Numbers are copied as the decimal text WHO wrote, so the C compiler parses
each literal to the same double that R's parser does for these short decimals.
"""

import argparse
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
DEFAULT_WHO = os.path.normpath(os.path.join(TOP, '..', 'shared', 'who'))
DEFAULT_OUT = os.path.join(TOP, 'extension', 'who_tables.c')

# (C name, file, key column, key scale, extra column or None, comment)
# The key scale turns the decimal key into the integer index the C code uses:
# days and months are already integers, 0.1 cm steps are multiplied by 10.
TABLES = [
    ('who2006_lhfa', '2006/lenanthro.txt', 'age', 1, 'loh',
     'length/height-for-age, by day (0-730 length, 731-1826 height)'),
    ('who2006_wfa', '2006/weianthro.txt', 'age', 1, None,
     'weight-for-age, by day'),
    ('who2006_bfa', '2006/bmianthro.txt', 'age', 1, 'loh',
     'BMI-for-age, by day (0-730 length, 731-1826 height based)'),
    ('who2006_hcfa', '2006/hcanthro.txt', 'age', 1, None,
     'head circumference-for-age, by day'),
    ('who2006_acfa', '2006/acanthro.txt', 'age', 1, None,
     'arm circumference-for-age, by day from 91'),
    ('who2006_tsfa', '2006/tsanthro.txt', 'age', 1, None,
     'triceps skinfold-for-age (mm), by day from 91'),
    ('who2006_ssfa', '2006/ssanthro.txt', 'age', 1, None,
     'subscapular skinfold-for-age (mm), by day from 91'),
    ('who2006_wfl', '2006/wflanthro.txt', 'length', 10, 'lorh',
     'weight-for-length, by 0.1 cm (key = length in mm)'),
    ('who2006_wfh', '2006/wfhanthro.txt', 'height', 10, 'lorh',
     'weight-for-height, by 0.1 cm (key = height in mm)'),
    ('who2007_hfa', '2007/hfawho2007.txt', 'age', 1, None,
     'height-for-age 5-19 years, by month'),
    ('who2007_wfa', '2007/wfawho2007.txt', 'age', 1, None,
     'weight-for-age 5-10 years, by month'),
    ('who2007_bfa', '2007/bfawho2007.txt', 'age', 1, None,
     'BMI-for-age 5-19 years, by month'),
]


class TableError(Exception):
    pass


def key_to_int(text, scale, where):
    """Decimal key text -> integer index, refusing anything inexact."""
    if scale == 1:
        if not text.isdigit():
            raise TableError('%s: key %r is not a whole number' % (where, text))
        return int(text)
    whole, _, frac = text.partition('.')
    if not whole.isdigit() or len(frac) > 1 or (frac and not frac.isdigit()):
        raise TableError('%s: key %r is not a 0.1 step' % (where, text))
    return int(whole) * 10 + (int(frac) if frac else 0)


def check_number(text, where):
    try:
        value = float(text)
    except ValueError:
        raise TableError('%s: %r is not a number' % (where, text))
    if value != value or value in (float('inf'), float('-inf')):
        raise TableError('%s: %r is not finite' % (where, text))
    return text


def read_table(who_dir, relpath, key_col, scale, extra):
    path = os.path.join(who_dir, relpath)
    with open(path, 'rb') as f:
        raw = f.read()
    if not raw.endswith(b'\r\n'):
        raise TableError('%s: expected CRLF line endings' % relpath)
    lines = raw.decode('ascii').split('\r\n')[:-1]
    header = lines[0].split('\t')
    want = ['sex', key_col, 'l', 'm', 's'] + ([extra] if extra else [])
    if header != want:
        raise TableError('%s: header %r, expected %r' % (relpath, header, want))
    rows = {1: [], 2: []}
    for lineno, line in enumerate(lines[1:], start=2):
        where = '%s:%d' % (relpath, lineno)
        cols = line.split('\t')
        if len(cols) != len(want):
            raise TableError('%s: %d columns' % (where, len(cols)))
        if cols[0] not in ('1', '2'):
            raise TableError('%s: sex %r' % (where, cols[0]))
        sex = int(cols[0])
        if sex == 1 and rows[2]:
            raise TableError('%s: boys after girls' % where)
        key = key_to_int(cols[1], scale, where)
        lms = [check_number(c, where) for c in cols[2:5]]
        if float(lms[0]) == 0.0:
            raise TableError('%s: L = 0 is not supported' % where)
        if float(lms[1]) <= 0.0 or float(lms[2]) <= 0.0:
            raise TableError('%s: M and S must be positive' % where)
        rows[sex].append((key, lms, cols[1]))
    for sex in (1, 2):
        keys = [r[0] for r in rows[sex]]
        if not keys:
            raise TableError('%s: no rows for sex %d' % (relpath, sex))
        if keys != list(range(keys[0], keys[0] + len(keys))):
            raise TableError('%s: keys of sex %d are not contiguous' %
                             (relpath, sex))
    if [r[0] for r in rows[1]] != [r[0] for r in rows[2]]:
        raise TableError('%s: boys and girls have different keys' % relpath)
    return rows, hashlib.sha256(raw).hexdigest()


def generate(who_dir):
    out = []
    w = out.append
    w('/*')
    w(' * who_tables.c - WHO LMS tables, GENERATED by tools/gen_who_tables.py.')
    w(' * Do not edit by hand: run `make tables` (needs ../shared/who).')
    w(' *')
    w(' * Source: WHO Child Growth Standards 2006 (R package anthro 1.1.0.9000,')
    w(' * commit b776d8a12b1c97369c748b561159fd2ec4f4db58) and WHO Growth')
    w(' * Reference 2007 (R package anthroplus 1.0.0.9000, commit')
    w(' * 799a7deaf7dff57f2abef5781f74b243f0aa6194), data-raw/growthstandards/.')
    w(' * (c) World Health Organization; the values are reproduced unchanged.')
    w(' *')
    w(' * sha256 of the raw files these arrays were generated from:')
    parsed = []
    for name, rel, key_col, scale, extra, comment in TABLES:
        rows, digest = read_table(who_dir, rel, key_col, scale, extra)
        parsed.append((name, rel, comment, rows))
        w(' *   %-22s %s' % (rel, digest))
    w(' */')
    w('#include "who_tables.h"')
    for name, rel, comment, rows in parsed:
        first = rows[1][0][0]
        last = rows[1][-1][0]
        w('')
        w('/* %s: %s */' % (rel, comment))
        for sex, label in ((1, 'boys'), (2, 'girls')):
            w('static const who_lms %s_%s[%d] = {' %
              (name, label, len(rows[sex])))
            for key, (l, m, s), key_text in rows[sex]:
                w('\t{%s, %s, %s},\t/* %s */' % (l, m, s, key_text))
            w('};')
        w('const who_table %s = {"%s", %d, %d, {%s_boys, %s_girls}};' %
          (name, rel, first, last, name, name))
    return '\n'.join(out) + '\n'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--who', default=os.environ.get('WHO_DIR', DEFAULT_WHO),
                    help='folder with 2006/ and 2007/ raw tables')
    ap.add_argument('--out', default=DEFAULT_OUT)
    ap.add_argument('--check', action='store_true',
                    help='compare with the committed file instead of writing')
    args = ap.parse_args()
    try:
        text = generate(args.who)
    except (TableError, OSError) as e:
        print('gen_who_tables: %s' % e, file=sys.stderr)
        return 2
    if args.check:
        with open(args.out) as f:
            committed = f.read()
        if committed != text:
            print('FAIL: %s does not match the raw tables in %s; '
                  'run `make tables`' % (args.out, args.who))
            return 1
        print('ok: %s matches the raw tables in %s' % (args.out, args.who))
        return 0
    with open(args.out, 'w') as f:
        f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
