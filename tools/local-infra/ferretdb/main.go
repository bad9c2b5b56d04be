// Command jh-ferretdb runs an embedded FerretDB v1 (MongoDB wire protocol)
// with the SQLite backend, for local development and tests without Docker.
//
// It is built and started by tools/local-infra/cli.mjs; you normally do not
// run it by hand. Flags:
//
//	-listen            TCP address to listen on (default 127.0.0.1:27027)
//	-data              directory for the SQLite files (created if missing)
//	-log               log level: debug, info, warn, error (default info)
//	-synchronous       SQLite synchronous pragma, normal (default) or full
//	-serialize-writes  run write commands one at a time (default true); see proxy.go
//	-auth-user         require SCRAM authentication (FerretDB 1.x "new auth") and (re)create
//	                   this user in the admin database at start, with the password from the
//	                   environment variable JH_FERRETDB_PASSWORD (kept off the command line)
//
// With -serialize-writes (the default) FerretDB itself listens on an
// ephemeral 127.0.0.1 port and a small wire proxy (proxy.go) listens on
// -listen, executing every write command under one mutex so that
// single-document updates are atomic, as they are on MongoDB.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27027", "TCP address to listen on")
	dataDir := flag.String("data", "data", "directory for the SQLite database files")
	synchronous := flag.String("synchronous", "normal", "SQLite synchronous pragma: full or normal")
	logLevel := flag.String("log", "info", "log level: debug, info, warn, error")
	serialize := flag.Bool("serialize-writes", true, "execute write commands one at a time (atomic single-document updates)")
	authUser := flag.String("auth-user", "", "require authentication; user (re)created at start, password from $JH_FERRETDB_PASSWORD")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "bad -log value %q: %v\n", *logLevel, err)
		os.Exit(2)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	host, _, err := net.SplitHostPort(*listen)
	if err != nil {
		logger.Error("bad -listen address", "listen", *listen, "error", err)
		os.Exit(2)
	}
	if host != "127.0.0.1" && host != "localhost" && host != "::1" {
		logger.Warn("listening on a non-loopback address", "listen", *listen)
	}

	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		logger.Error("bad -data directory", "data", *dataDir, "error", err)
		os.Exit(2)
	}
	if err = os.MkdirAll(dir, 0o755); err != nil {
		logger.Error("cannot create data directory", "data", dir, "error", err)
		os.Exit(1)
	}

	// FerretDB wants a "file:" URI of an existing directory ending with "/".
	// synchronous(normal) in WAL mode: commits no longer wait for fsync (a process crash loses
	// nothing; a power cut may lose the last commits). Local engine only; see ADR 0002.
	sqliteURL := (&url.URL{
		Scheme:   "file",
		Path:     strings.TrimSuffix(filepath.ToSlash(dir), "/") + "/",
		RawQuery: url.Values{"_pragma": {"synchronous(" + *synchronous + ")"}}.Encode(),
	}).String()

	ferretListen := *listen
	if *serialize {
		ferretListen = net.JoinHostPort(host, "0") // internal, ephemeral; the proxy owns -listen
	}

	authPassword := os.Getenv("JH_FERRETDB_PASSWORD")
	if *authUser != "" && authPassword == "" {
		logger.Error("-auth-user needs the password in JH_FERRETDB_PASSWORD")
		os.Exit(2)
	}

	cfg := &ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: ferretListen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	}
	if *authUser != "" {
		// Users live in admin.system.users; clients authenticate with authSource=admin.
		cfg.EnableNewAuth = true
		cfg.SetupDatabase = "admin"
		cfg.SetupUsername = *authUser
		cfg.SetupPassword = authPassword
	}

	f, err := ferretdb.New(cfg)
	if err != nil {
		logger.Error("cannot create FerretDB", "error", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	logger.Info("jh-ferretdb starting", "listen", *listen, "sqlite", sqliteURL, "serializeWrites", *serialize, "auth", *authUser != "", "pid", os.Getpid())

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// MongoDBURI blocks until FerretDB's listener is bound.
	ferretURI := f.MongoDBURI()

	proxyDone := make(chan struct{})
	if *serialize {
		u, perr := url.Parse(ferretURI)
		if perr != nil {
			logger.Error("cannot parse FerretDB URI", "uri", ferretURI, "error", perr)
			os.Exit(1)
		}
		l, lerr := net.Listen("tcp", *listen)
		if lerr != nil {
			logger.Error("cannot listen", "listen", *listen, "error", lerr)
			stop()
			<-done
			os.Exit(1)
		}
		p := &proxy{upstream: u.Host, logger: logger}
		go func() {
			p.serve(ctx, l)
			close(proxyDone)
		}()
		logger.Info("jh-ferretdb ready", "uri", "mongodb://"+*listen+"/", "ferretdb", ferretURI)
	} else {
		close(proxyDone)
		logger.Info("jh-ferretdb ready", "uri", ferretURI)
	}

	err = <-done
	stop()
	<-proxyDone
	if err != nil {
		logger.Error("FerretDB stopped with error", "error", err)
		os.Exit(1)
	}
	logger.Info("jh-ferretdb stopped")
}
