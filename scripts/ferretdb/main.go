// Command ferretdb is a tiny wrapper around the embeddable FerretDB v1
// (github.com/FerretDB/FerretDB/ferretdb) used by scripts/services to provide
// a MongoDB-wire-compatible server for integration tests, without Docker and
// without a MongoDB binary.
//
// Usage:
//
//	ferretdb -listen 127.0.0.1:57017 -handler sqlite -sqlite-url file:/path/to/dir/
//	ferretdb -listen 127.0.0.1:57017 -handler postgresql -postgresql-url postgres://u:p@127.0.0.1:5432/ferretdb
//
// It runs until SIGINT or SIGTERM, then closes the listener and backend.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	handler := flag.String("handler", "sqlite", "backend handler: sqlite or postgresql")
	sqliteURL := flag.String("sqlite-url", "", "SQLite directory URI for the sqlite handler, e.g. file:/tmp/data/ (trailing slash required)")
	pgURL := flag.String("postgresql-url", "", "PostgreSQL URL for the postgresql handler")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn, error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fatalf("bad -log-level %q: %v", *logLevel, err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	cfg := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger,
		Handler:  *handler,
	}

	switch *handler {
	case "sqlite":
		if *sqliteURL == "" {
			fatalf("-sqlite-url is required for the sqlite handler")
		}
		// FerretDB treats the URI as a directory and insists on the trailing slash.
		if !strings.HasSuffix(*sqliteURL, "/") {
			fatalf("-sqlite-url must end with '/': %q", *sqliteURL)
		}
		cfg.SQLiteURL = *sqliteURL
	case "postgresql":
		if *pgURL == "" {
			fatalf("-postgresql-url is required for the postgresql handler")
		}
		cfg.PostgreSQLURL = *pgURL
	default:
		fatalf("unknown -handler %q (want sqlite or postgresql)", *handler)
	}

	f, err := ferretdb.New(cfg)
	if err != nil {
		fatalf("starting FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	fmt.Fprintf(os.Stderr, "ferretdb: listening on %s (handler %s)\n", *listen, *handler)

	// Run blocks until ctx is cancelled, then closes the listener, the open
	// connections and the backend.
	if err := f.Run(ctx); err != nil {
		fatalf("FerretDB stopped with error: %v", err)
	}

	fmt.Fprintln(os.Stderr, "ferretdb: stopped")
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb: "+format+"\n", args...)
	os.Exit(1)
}
