# Writes the small test fonts of the bad-input corpus and the PDF tests of the corpus from Lato-Regular: a subset (a few glyphs)
# through libharfbuzz-subset, then copies with patched fsType, a collection and a WOFF.
import ctypes, struct, sys, zlib
hb = ctypes.CDLL("libharfbuzz.so.0"); hbs = ctypes.CDLL("libharfbuzz-subset.so.0")
for f in (hb.hb_blob_create_from_file, hb.hb_face_create, hbs.hb_subset_input_create_or_fail,
          hbs.hb_subset_input_glyph_set, hbs.hb_subset_input_unicode_set, hbs.hb_subset_or_fail,
          hb.hb_face_reference_blob, hb.hb_blob_get_data):
    f.restype = ctypes.c_void_p
hb.hb_face_create.argtypes = [ctypes.c_void_p, ctypes.c_uint]
hbs.hb_subset_input_glyph_set.argtypes = [ctypes.c_void_p]
hbs.hb_subset_input_unicode_set.argtypes = [ctypes.c_void_p]
hb.hb_set_add.argtypes = [ctypes.c_void_p, ctypes.c_uint]
hbs.hb_subset_or_fail.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
hb.hb_face_reference_blob.argtypes = [ctypes.c_void_p]
hb.hb_blob_get_data.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint)]
blob = hb.hb_blob_create_from_file(sys.argv[1].encode())
face = hb.hb_face_create(blob, 0)
inp = hbs.hb_subset_input_create_or_fail()
us = hbs.hb_subset_input_unicode_set(inp)
for ch in " GUSPabcdefghilmnorstu{}": hb.hb_set_add(us, ord(ch))
hbs.hb_subset_input_set_flags.argtypes = [ctypes.c_void_p, ctypes.c_uint]
hbs.hb_subset_input_set_flags(inp, 1)  # HB_SUBSET_FLAGS_NO_HINTING
hbs.hb_subset_input_set.restype = ctypes.c_void_p
hbs.hb_subset_input_set.argtypes = [ctypes.c_void_p, ctypes.c_int]
drop = hbs.hb_subset_input_set(inp, 3)  # HB_SUBSET_SETS_DROP_TABLE_TAG
for t in (b"GSUB", b"GPOS", b"GDEF", b"kern", b"hdmx", b"LTSH", b"VDMX", b"DSIG"):
    hb.hb_set_add(drop, struct.unpack(">I", t)[0])
sub = hbs.hb_subset_or_fail(face, inp)
b = hb.hb_face_reference_blob(sub); n = ctypes.c_uint()
p = hb.hb_blob_get_data(b, ctypes.byref(n)); ttf = ctypes.string_at(p, n.value)

def tables(font):
    num = struct.unpack(">H", font[4:6])[0]
    return [struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i]) for i in range(num)]

def with_fs_type(font, fs):
    for tag, _, off, _ in tables(font):
        if tag == b"OS/2":
            return font[:off + 8] + struct.pack(">H", fs) + font[off + 10:]
    raise SystemExit("no OS/2")

def collection(font):
    shift = 16
    out = bytearray(font)
    for i, (tag, cs, off, ln) in enumerate(tables(font)):
        struct.pack_into(">4sIII", out, 12 + 16 * i, tag, cs, off + shift, ln)
    return b"ttcf" + struct.pack(">HHII", 1, 0, 1, 16) + bytes(out)

def woff(font):
    ts = tables(font)
    flavor = font[:4]
    head = 44 + 20 * len(ts)
    body = b""; dirs = b""
    for tag, cs, off, ln in ts:
        data = font[off:off + ln]
        z = zlib.compress(data)
        stored = z if len(z) < ln else data
        dirs += struct.pack(">4sIIII", tag, head + len(body), len(stored), ln, cs)
        body += stored + b"\0" * (-len(stored) % 4)
    total = head + len(body)
    hdr = struct.pack(">4s4sIHHIHHIIIII", b"wOFF", flavor, total, len(ts), 0, len(font), 1, 0,
                      0, 0, 0, 0, 0)
    return hdr + dirs + body

# Usage: python3 tests/corpus/make_test_fonts.py fonts/Lato-Regular.ttf (from the top folder).
files = {
    "tests/corpus/layout-font-licence-restricted/restricted.ttf": with_fs_type(ttf, 0x0002),
    "tests/corpus/layout-font-licence-bitmap-only/bitmap-only.ttf": with_fs_type(ttf, 0x0200),
    "tests/corpus/layout-font-collection/collection.ttc": collection(ttf),
    "tests/corpus/layout-font-woff/web.woff": woff(ttf),
    "tests/render/pdf/no-subsetting.ttf": with_fs_type(ttf, 0x0100),
}
for path, data in files.items():
    open(path, "wb").write(data)
