# LUKS2 with a key file (fast PBKDF so TCG stays quick).
# brick_luks_format DEV KEYFILE ; brick_luks_open DEV NAME KEYFILE [extra open args]
brick_luks_format() {
  [ -s "$2" ] || head -c 64 /dev/urandom > "$2"
  cryptsetup luksFormat --type luks2 --batch-mode --key-file "$2" \
    --pbkdf pbkdf2 --pbkdf-force-iterations 1000 "$1"
}
brick_luks_open() { _d=$1; _n=$2; _k=$3; shift 3; cryptsetup open --type luks2 --key-file "$_k" "$@" "$_d" "$_n"; }
