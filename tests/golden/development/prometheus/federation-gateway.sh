#!/bin/sh
# Federation gateway: runs nginx and reloads it (SIGHUP: new workers with the new files, the
# same master, open connections finish) when its certificate, key, password files or
# configuration changes. The kubelet updates mounted Secrets and ConfigMaps by swapping a
# ..data symlink, so the contents are compared, not the files' times.
config=/etc/nginx/gateway/nginx.conf
watched="$config /etc/nginx/tls/tls.crt /etc/nginx/tls/tls.key /etc/nginx/auth/htpasswd /etc/nginx/auth/grafana.htpasswd"
interval=30

checksum() {
    # Word splitting of $watched is intended: paths without spaces.
    cat $watched 2>/dev/null | sha512sum
}

nginx -e stderr -c "$config" -g 'daemon off;' &
nginx=$!
# As PID 1 the shell ignores signals it has no trap for: on the pod's TERM, stop nginx gracefully
# and exit with it (not after another round of the loop's sleep).
trap 'kill -QUIT "$nginx" 2>/dev/null; wait "$nginx"; exit $?' TERM INT QUIT
last=$(checksum)
while kill -0 "$nginx" 2>/dev/null; do
    # In the background, so that a signal interrupts the wait at once.
    sleep "$interval" &
    wait $!
    current=$(checksum)
    if [ "$current" != "$last" ]; then
        echo "federation-gateway: mounted files changed, reloading nginx" >&2
        kill -HUP "$nginx"
        last=$current
    fi
done
wait "$nginx"
