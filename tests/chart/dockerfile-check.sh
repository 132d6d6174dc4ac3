#!/usr/bin/env bash
# The Dockerfile without a Docker engine: runs exactly the `dotnet publish` commands its RUN lines hold
# (parsed from the file, their /out/... folders moved under a temp dir), then checks that every
# `COPY --from=build` source exists in that output, that every ENTRYPOINT path comes from a COPY, and that
# every COPY from the build context exists in the repository and is not excluded by .dockerignore.
# Prints TAP lines ("ok N - ..." / "not ok N - ..."); exits 1 if any failed.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dockerfile="$repo/Dockerfile"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=0 failed=0
tap() { # status description [diagnostic]
  n=$((n + 1))
  if [ "$1" = ok ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); [ -n "${3:-}" ] && sed 's/^/# /' <<<"$3"; fi
}

# The Dockerfile's instructions, one per line: continuations joined, comments and blank lines dropped.
instructions=$(sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' "$dockerfile" | sed -e ':a' -e '/\\$/{N;s/\\\n[[:space:]]*/ /;ba}')
stage=""
declare -A copied_to # final path in an image -> "stage" it was copied into
declare -a publishes=() from_build=() from_context=() entrypoints=()
while read -r keyword rest; do
  case "${keyword^^}" in
    FROM) stage=$(sed -nE 's/.* [Aa][Ss] ([^ ]+)$/\1/p' <<<"$rest") ;;
    RUN) if grep -q 'dotnet publish' <<<"$rest"; then publishes+=("$rest"); fi ;;
    COPY)
      read -ra words <<<"$rest"
      from=""; args=()
      for w in "${words[@]}"; do
        case "$w" in --from=*) from=${w#--from=} ;; --*) ;; *) args+=("$w") ;; esac
      done
      dest=${args[-1]}
      for src in "${args[@]:0:${#args[@]}-1}"; do
        if [ -n "$from" ]; then
          [ "$from" = build ] || { tap "not ok" "COPY --from=$from: only the build stage is checked"; continue; }
          from_build+=("$stage $src $dest")
        else
          from_context+=("$src")
        fi
      done ;;
    ENTRYPOINT) entrypoints+=("$stage $rest") ;;
  esac
done <<<"$instructions"

[ ${#publishes[@]} -gt 0 ] && tap ok "the Dockerfile runs dotnet publish (${#publishes[@]} commands)" \
  || tap "not ok" "the Dockerfile runs dotnet publish"

# Each publish as the Dockerfile runs it, from the repository root (the image's WORKDIR /source holds the
# same files), with its absolute output folder moved under $out.
for cmd in "${publishes[@]}"; do
  local_cmd=$(sed -E "s#(-o|--output)[ =]/#\1 $out/#" <<<"$cmd")
  if log=$(cd "$repo" && bash -c "$local_cmd" 2>&1); then
    tap ok "publish: $cmd"
  else
    tap "not ok" "publish: $cmd" "$(tail -n 20 <<<"$log")"
  fi
done

for entry in "${from_build[@]}"; do
  read -r in_stage src dest <<<"$entry"
  if [ -e "$out${src}" ]; then tap ok "$in_stage: COPY --from=build $src exists in the publish output"
  else tap "not ok" "$in_stage: COPY --from=build $src exists in the publish output" "$(cd "$out" && find . -maxdepth 3 | head -n 20)"; fi
  # Where the copied files land, to check the ENTRYPOINT against: a folder source keeps its contents.
  if [ -d "$out${src}" ]; then
    for f in $(cd "$out${src}" && find . -type f | sed 's#^\./##'); do copied_to["$in_stage ${dest%/}/$f"]=1; done
  elif [[ "$dest" == */ ]]; then copied_to["$in_stage $dest$(basename "$src")"]=1
  else copied_to["$in_stage $dest"]=1; fi
done

for entry in "${entrypoints[@]}"; do
  read -r in_stage json <<<"$entry"
  # Absolute paths in the exec form are files the image must hold.
  for path in $(grep -oE '"[^"]+"' <<<"$json" | tr -d '"' | grep -E '^/'); do
    if [ -n "${copied_to["$in_stage $path"]:-}" ]; then tap ok "$in_stage: ENTRYPOINT $path is copied into the image"
    else tap "not ok" "$in_stage: ENTRYPOINT $path is copied into the image"; fi
  done
done

# .dockerignore patterns of the form "name/" or "**/name/" exclude folders; the context copies must not be under one.
ignored() { # path
  local pattern p=${1%/}
  while read -r pattern; do
    [ -z "$pattern" ] || [[ "$pattern" == \#* ]] && continue
    pattern=${pattern%/}
    case "$pattern" in
      \*\*/*) [[ "/$p/" == */"${pattern#\*\*/}"/* ]] && return 0 ;;
      *) [[ "$p" == "$pattern" || "$p" == "$pattern"/* ]] && return 0 ;;
    esac
  done <"$repo/.dockerignore"
  return 1
}
for src in "${from_context[@]}"; do
  if [ ! -e "$repo/$src" ]; then tap "not ok" "COPY $src exists in the repository"
  elif ignored "$src"; then tap "not ok" "COPY $src is not excluded by .dockerignore"
  else tap ok "COPY $src exists in the repository and the build context"; fi
done

echo "1..$n"
[ "$failed" -eq 0 ]
