# fuzz/options.sh -- libFuzzer options of each target, shared by fuzz/run.sh
# and the replay in tests/suites/fuzz.sh: `fuzz_options TARGET` prints them.
#
# decode: inputs up to 2.2 MB, so the limit seeds (fuzz/limits.js: 100,001
#         nested blocks, 2^20 + 1 operands, section counts past the limits)
#         are read whole, not cut at libFuzzer's default of 1 MiB.
# wat:    inputs up to 64 KiB, enough for 1,001 levels of every nesting
#         form, and the text format's keywords and nesting runs (wat.dict).
# run:    inputs up to 4 KiB: it executes what it loads, small stays fast.
# tiers:  inputs up to 8 KiB: it executes them twice, but its seeds, the
#         modules binaryen generates (fuzz/seed_tiers.js), take 1 to 4 KB.
fuzz_options() {
    case $1 in
    decode) echo "-max_len=2200000" ;;
    wat) echo "-max_len=65536 -dict=fuzz/wat.dict" ;;
    run) echo "-max_len=4096" ;;
    tiers) echo "-max_len=8192" ;;
    esac
}
