#!/usr/bin/env bash
# Regenerate the default voice clips of the wall display's announcement (叫号) into
#   ui/voice/zh-CN/*.wav  and  ui/voice/en/*.wav
# with espeak-ng (speech) and sox (chime, pause, post-processing).
#
# The clip names are the ones crates/core/src/announce.rs builds announcements from; its test
# `shipped_clip_folders_are_complete` checks that every one exists. See ui/voice/README.md.
#
# Usage: scripts/make-voice-clips.sh [OUTPUT_DIR]      (default: <repo>/ui/voice)
# Needs: espeak-ng and sox (Debian/Ubuntu: apt-get install espeak-ng sox).
# Re-runnable: every clip is rebuilt and overwritten; the result is byte-identical between runs.

set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_root="${1:-$repo_root/ui/voice}"

for tool in espeak-ng sox soxi; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "error: $tool not found (Debian/Ubuntu: apt-get install espeak-ng sox)" >&2
        exit 1
    }
done

# Output format of every clip: mono, 22050 Hz, 16-bit PCM WAV.
RATE=22050
FMT=(-r "$RATE" -c 1 -b 16 -e signed-integer)
# Peak level of spoken clips (dBFS).
SPEECH_PEAK=-1
# The chime is a pure tone: at the same peak it would sound much louder than speech, so it is quieter.
CHIME_PEAK=-3
# Speaking rate (words per minute): announcements are read slowly and clearly.
ZH_SPEED=135
EN_SPEED=150

# Voices. Debian 12's espeak-ng misreads Chinese characters with its `cmn` voice, so Mandarin is
# written in pinyin with tone numbers for `cmn-latn-pinyin`. Letters in the Chinese folder are read by
# their English names as Chinese halls do; British English gives "zed" for Z, closer to the usual
# Chinese reading than American "zee".
ZH_VOICE=cmn-latn-pinyin
ZH_LETTER_VOICE=en
EN_VOICE=en-us

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

count=0

# report FILE: print what was made.
report() {
    local file="$1"
    printf '  %-34s %5.2f s %7d bytes\n' "${file#"$out_root"/}" "$(soxi -D "$file")" "$(stat -c %s "$file")"
    count=$((count + 1))
}

# speak DIR NAME VOICE SPEED TEXT: synthesise TEXT, trim leading/trailing silence, normalise.
speak() {
    local dir="$1" name="$2" voice="$3" speed="$4" text="$5"
    local raw="$tmp/raw.wav" dest="$out_root/$dir/$name.wav"
    espeak-ng -v "$voice" -s "$speed" -w "$raw" -- "$text"
    # -R: repeatable output (fixed dither seed). The silence effect trims the start; reversing lets it
    # trim the end too. Short fades (the one on the reversed audio is the fade-out) avoid clicks when
    # clips are joined.
    sox -R "$raw" "${FMT[@]}" "$dest" \
        silence 1 0.01 0.1% reverse silence 1 0.01 0.1% fade t 0.01 reverse fade t 0.005 \
        norm "$SPEECH_PEAK"
    report "$dest"
}

# chime DIR: a two-tone ding-dong (E5 then C5, each with its octave for a bell-like colour), ~1.2 s.
chime() {
    local dest="$out_root/$1/chime.wav"
    sox -R -n "${FMT[@]}" "$tmp/ding.wav" synth 0.55 sine 659.26 sine mix 1318.51 vol 0.5 fade l 0.005 -0 0.5
    sox -R -n "${FMT[@]}" "$tmp/dong.wav" synth 0.65 sine 523.25 sine mix 1046.5 vol 0.5 fade l 0.005 -0 0.6
    sox -R "$tmp/ding.wav" "$tmp/dong.wav" "${FMT[@]}" "$dest" fade t 0 -0 0.05 norm "$CHIME_PEAK"
    report "$dest"
}

# pause DIR: 0.4 s of silence, played between repetitions.
pause() {
    local dest="$out_root/$1/pause.wav"
    sox -R -n "${FMT[@]}" "$dest" trim 0 0.4
    report "$dest"
}

letters=(a b c d e f g h i j k l m n o p q r s t u v w x y z)

# --- Mandarin -------------------------------------------------------------------------------------
dir=zh-CN
mkdir -p "$out_root/$dir"
echo "$out_root/$dir:"
chime "$dir"
pause "$dir"
speak "$dir" qing "$ZH_VOICE" "$ZH_SPEED" "qing3"                                # 请
speak "$dir" hao "$ZH_VOICE" "$ZH_SPEED" "hao4"                                  # 号
speak "$dir" dao "$ZH_VOICE" "$ZH_SPEED" "dao4"                                  # 到
speak "$dir" hao-chuangkou-banli "$ZH_VOICE" "$ZH_SPEED" "hao4 chuang1kou3 ban4li3" # 号窗口办理
for l in "${letters[@]}"; do
    speak "$dir" "letter-$l" "$ZH_LETTER_VOICE" "$ZH_SPEED" "${l^^}"
done
# Ticket digits, read one by one: 零 一 二 三 四 五 六 七 八 九.
zh_digits=(ling2 yi1 er4 san1 si4 wu3 liu4 qi1 ba1 jiu3)
for d in {0..9}; do
    speak "$dir" "digit-$d" "$ZH_VOICE" "$ZH_SPEED" "${zh_digits[$d]}"
done
# Window numbers 一 … 十 (twelve is 十 二, thirty-five 三 十 五).
for n in {1..9}; do
    speak "$dir" "num-$n" "$ZH_VOICE" "$ZH_SPEED" "${zh_digits[$n]}"
done
speak "$dir" num-10 "$ZH_VOICE" "$ZH_SPEED" "shi2"

# --- English --------------------------------------------------------------------------------------
dir=en
mkdir -p "$out_root/$dir"
echo "$out_root/$dir:"
chime "$dir"
pause "$dir"
speak "$dir" number "$EN_VOICE" "$EN_SPEED" "number"
speak "$dir" please-go-to-window "$EN_VOICE" "$EN_SPEED" "please go to window"
for l in "${letters[@]}"; do
    speak "$dir" "letter-$l" "$EN_VOICE" "$EN_SPEED" "${l^^}"
done
en_units=(zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen)
for d in {0..9}; do
    speak "$dir" "digit-$d" "$EN_VOICE" "$EN_SPEED" "${en_units[$d]}"
done
for n in {1..19}; do
    speak "$dir" "num-$n" "$EN_VOICE" "$EN_SPEED" "${en_units[$n]}"
done
en_tens=([2]=twenty [3]=thirty [4]=forty [5]=fifty [6]=sixty [7]=seventy [8]=eighty [9]=ninety)
for t in {2..9}; do
    speak "$dir" "num-${t}0" "$EN_VOICE" "$EN_SPEED" "${en_tens[$t]}"
done

echo "made $count clips in $out_root"
