#!/bin/sh
# Sleeps a little, then writes a small tree from its parameters and its inputs' outputs.
inputs=""
while IFS= read -r line; do
  case $line in
    *'"output_dir"'*) out=${line#*: \"}; out=${out%\"*} ;;
    *'"result_path"'*) res=${line#*: \"}; res=${res%\"*} ;;
    *'"scratch_dir"'*|*'"state_dir"'*) ;;
    *'"word"'*) word=${line#*: \"}; word=${word%\"*} ;;
    *'"n"'*) n=${line#*: }; n=${n%,} ;;
    *'"/'*) p=${line#*\"}; p=${p%\"*}; inputs="$inputs $p" ;;
  esac
done < "$1"
sleep 0.1
mkdir "$out/sub"
echo "step $n of $word" > "$out/own.txt"
for p in $inputs; do cat "$p/own.txt" "$p/sub/up.txt"; done > "$out/sub/up.txt"
printf '{"status": "ok"}\n' > "$res"
