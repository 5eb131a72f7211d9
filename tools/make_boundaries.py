#!/usr/bin/env python3
"""Derive the project's compact copy of Kota Kediri's kelurahan boundaries.

Reads ../shared/geo/kediri_kelurahan.geojson (Cahya DSN, MIT licence; see
../shared/geo/SOURCE.md) and writes data/kota_kediri_kelurahan.geojson:
coordinates rounded to 5 decimals (about 1.1 m at Kediri's latitude),
repeated vertices that rounding creates dropped, only the properties the
demo loads kept, and the attribution and licence carried in the file.
Rounding can make a ring touch itself; stunting.load_areas repairs such
geometries with ST_MakeValid when it loads them.

    python3 tools/make_boundaries.py [source] [target]
"""
import json
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(TOP, '..', 'shared', 'geo', 'kediri_kelurahan.geojson')
TARGET = os.path.join(TOP, 'data', 'kota_kediri_kelurahan.geojson')
KEEP = ('kode', 'kelurahan', 'kecamatan_kode', 'kecamatan')
ATTRIBUTION = (
    'Boundaries of the 46 kelurahan of Kota Kediri derived from '
    'github.com/cahyadsn/wilayah_boundaries (commit 3c5a7960f4d2, '
    'db/kel/35/wilayah_boundaries_kel_35.71.sql), Copyright (c) 2024 Cahya DSN, '
    'MIT licence. Coordinates rounded to 1e-5 degree by tools/make_boundaries.py.')
LICENCE = (
    'Permission is hereby granted, free of charge, to any person obtaining a copy '
    'of this software and associated documentation files (the "Software"), to deal '
    'in the Software without restriction, including without limitation the rights '
    'to use, copy, modify, merge, publish, distribute, sublicense, and/or sell '
    'copies of the Software, and to permit persons to whom the Software is '
    'furnished to do so, subject to the following conditions: The above copyright '
    'notice and this permission notice shall be included in all copies or '
    'substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", '
    'WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO '
    'THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND '
    'NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE '
    'FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, '
    'TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR '
    'THE USE OR OTHER DEALINGS IN THE SOFTWARE.')


def round_ring(ring):
    out = []
    for lon, lat in ring:
        p = [round(lon, 5), round(lat, 5)]
        if not out or out[-1] != p:
            out.append(p)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else SOURCE
    target = sys.argv[2] if len(sys.argv) > 2 else TARGET
    with open(source, encoding='utf-8') as f:
        doc = json.load(f)
    features = []
    for feat in doc['features']:
        geom = feat['geometry']
        assert geom['type'] == 'MultiPolygon', feat['properties']['kode']
        polys = [[round_ring(r) for r in poly] for poly in geom['coordinates']]
        # a ring that rounding shrank below a triangle is dropped
        polys = [[r for r in poly if len(r) >= 4] for poly in polys]
        polys = [poly for poly in polys if poly]
        features.append({
            'type': 'Feature',
            'properties': {k: feat['properties'][k] for k in KEEP},
            'geometry': {'type': 'MultiPolygon', 'coordinates': polys}})
    out = {'type': 'FeatureCollection', 'name': 'kota_kediri_kelurahan',
           'attribution': ATTRIBUTION, 'license': 'MIT: ' + LICENCE,
           'features': features}
    with open(target, 'w', encoding='utf-8') as f:
        f.write('{"type":"FeatureCollection","name":"kota_kediri_kelurahan",\n')
        f.write('"attribution":' + json.dumps(out['attribution'], ensure_ascii=False) + ',\n')
        f.write('"license":' + json.dumps(out['license']) + ',\n')
        f.write('"features":[\n')
        f.write(',\n'.join(json.dumps(x, ensure_ascii=False, separators=(',', ':'))
                           for x in features))
        f.write('\n]}\n')
    print('%s: %d features' % (target, len(features)))


if __name__ == '__main__':
    main()
