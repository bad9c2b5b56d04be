package main

// A tiny MongoDB wire-protocol proxy placed in front of the embedded FerretDB.
//
// Why: FerretDB v1 implements update/findAndModify as "query, change in Go,
// write back" without a transaction. Two concurrent updates of the same
// document therefore lose writes (measured: 400 concurrent $inc -> n=9) and
// conditional updates ({_id, version: v}) can both report modifiedCount=1.
// MongoDB guarantees single-document atomicity and our services rely on it.
//
// Fix: every command that may write is executed under one process-wide mutex,
// so writes are serialised exactly like SQLite serialises writers anyway.
// Read-only commands (find, aggregate, getMore, hello, ...) are not locked.
// The mutex is held only while FerretDB processes the request (from
// forwarding it upstream to reading the full reply), never while waiting for
// the client.

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"

	"go.mongodb.org/mongo-driver/bson"
)

const (
	opQuery      = 2004
	opMsg        = 2013
	maxMsgSize   = 64 << 20
	flagChecksum = 1 << 0
	flagMoreToCo = 1 << 1
)

// readOnlyCommands never modify data; everything else (including unknown
// commands) runs under the write lock.
var readOnlyCommands = map[string]bool{
	"find": true, "getMore": true, "aggregate": true, "count": true, "distinct": true,
	"listCollections": true, "listIndexes": true, "listDatabases": true,
	"hello": true, "isMaster": true, "ismaster": true, "ping": true,
	"buildInfo": true, "buildinfo": true, "getParameter": true, "serverStatus": true,
	"dbStats": true, "collStats": true, "dataSize": true, "connectionStatus": true,
	"whatsmyuri": true, "getLog": true, "hostInfo": true, "getCmdLineOpts": true,
	"explain": true, "killCursors": true, "endSessions": true, "saslStart": true,
	"saslContinue": true, "listCommands": true, "getFreeMonitoringStatus": true,
	"currentOp": true, "validate": true, "logout": true, "usersInfo": true,
}

type proxy struct {
	upstream string
	logger   *slog.Logger
	writeMu  sync.Mutex
	conns    atomic.Int64
}

func (p *proxy) serve(ctx context.Context, l net.Listener) {
	var wg sync.WaitGroup
	go func() {
		<-ctx.Done()
		_ = l.Close()
	}()
	for {
		c, err := l.Accept()
		if err != nil {
			if ctx.Err() == nil {
				p.logger.Error("proxy accept failed", "error", err)
			}
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.handle(ctx, c)
		}()
	}
	wg.Wait()
}

func (p *proxy) handle(ctx context.Context, client net.Conn) {
	defer client.Close()
	var d net.Dialer
	up, err := d.DialContext(ctx, "tcp", p.upstream)
	if err != nil {
		p.logger.Error("proxy cannot reach FerretDB", "upstream", p.upstream, "error", err)
		return
	}
	defer up.Close()
	p.conns.Add(1)
	defer p.conns.Add(-1)

	// Close both sides when the server shuts down.
	stop := context.AfterFunc(ctx, func() {
		_ = client.Close()
		_ = up.Close()
	})
	defer stop()

	for {
		req, err := readMessage(client)
		if err != nil {
			if !isClosed(err) {
				p.logger.Debug("proxy: client read ended", "error", err)
			}
			return
		}
		opCode, name, moreToCome := describe(req)
		locked := !(opCode == opQuery || readOnlyCommands[name])
		if err = p.roundTrip(client, up, req, locked, moreToCome); err != nil {
			if !isClosed(err) {
				p.logger.Debug("proxy: round trip ended", "command", name, "error", err)
			}
			return
		}
	}
}

// roundTrip forwards one request and its reply (or replies, for moreToCome).
func (p *proxy) roundTrip(client, up net.Conn, req []byte, locked, reqMoreToCome bool) error {
	if locked {
		p.writeMu.Lock()
	}
	unlock := func() {
		if locked {
			locked = false
			p.writeMu.Unlock()
		}
	}
	defer unlock()

	if _, err := up.Write(req); err != nil {
		return err
	}
	if reqMoreToCome { // unacknowledged (w:0): no reply will come
		return nil
	}
	var replies [][]byte
	for {
		resp, err := readMessage(up)
		if err != nil {
			return err
		}
		replies = append(replies, fixDuplicateKeyReply(resp))
		if _, _, more := describe(resp); !more {
			break
		}
	}
	unlock() // FerretDB is done with this command; do not wait for the client
	for _, r := range replies {
		if _, err := client.Write(r); err != nil {
			return err
		}
	}
	return nil
}

func readMessage(r io.Reader) ([]byte, error) {
	var hdr [16]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := int(int32(binary.LittleEndian.Uint32(hdr[0:4])))
	if n < 16 || n > maxMsgSize {
		return nil, fmt.Errorf("invalid message length %d", n)
	}
	msg := make([]byte, n)
	copy(msg, hdr[:])
	if _, err := io.ReadFull(r, msg[16:]); err != nil {
		return nil, err
	}
	return msg, nil
}

// describe returns the opcode, the command name (first key of the OP_MSG body
// section, "" if unknown) and whether the moreToCome flag is set.
func describe(msg []byte) (opCode int32, name string, moreToCome bool) {
	opCode = int32(binary.LittleEndian.Uint32(msg[12:16]))
	if opCode != opMsg || len(msg) < 21 {
		return opCode, "", false
	}
	flags := binary.LittleEndian.Uint32(msg[16:20])
	moreToCome = flags&flagMoreToCo != 0
	end := len(msg)
	if flags&flagChecksum != 0 {
		end -= 4
	}
	for i := 20; i < end; {
		kind := msg[i]
		i++
		if i+4 > end {
			break
		}
		size := int(int32(binary.LittleEndian.Uint32(msg[i : i+4])))
		if size < 5 || i+size > end {
			break
		}
		if kind == 0 {
			doc := msg[i : i+size]
			if doc[4] != 0 { // first element: type byte, then cstring key
				if k := bytes.IndexByte(doc[5:], 0); k >= 0 {
					name = string(doc[5 : 5+k])
				}
			}
			break
		}
		i += size // kind 1: document sequence, size includes itself
	}
	return opCode, name, moreToCome
}

func isClosed(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || errors.Is(err, io.ErrUnexpectedEOF)
}

// FerretDB 1.24 reports a unique-index violation caused by an update,
// replace or findAndModify as InternalError (code 1) carrying SQLite's
// "UNIQUE constraint failed" text; inserts and upserts already get 11000.
// Rewrite those errors to MongoDB's DuplicateKey (11000) so that callers can
// treat all duplicate-key failures the same way.
var uniqueViolation = []byte("UNIQUE constraint failed")

const (
	codeDuplicateKey = 11000
	codeInternal     = 1
)

func fixDuplicateKeyReply(msg []byte) []byte {
	if !bytes.Contains(msg, uniqueViolation) || len(msg) < 26 {
		return msg
	}
	if int32(binary.LittleEndian.Uint32(msg[12:16])) != opMsg {
		return msg
	}
	flags := binary.LittleEndian.Uint32(msg[16:20])
	if flags&flagChecksum != 0 || msg[20] != 0 {
		return msg
	}
	size := int(int32(binary.LittleEndian.Uint32(msg[21:25])))
	if 21+size != len(msg) { // only the common shape: one body section
		return msg
	}
	var doc bson.D
	if err := bson.Unmarshal(msg[21:], &doc); err != nil {
		return msg
	}
	doc, changed := fixErrorDoc(doc)
	if !changed {
		return msg
	}
	body, err := bson.Marshal(doc)
	if err != nil {
		return msg
	}
	out := make([]byte, 0, 21+len(body))
	out = append(out, msg[:21]...)
	out = append(out, body...)
	binary.LittleEndian.PutUint32(out[0:4], uint32(len(out)))
	return out
}

// fixErrorDoc rewrites {code: 1, errmsg: "...UNIQUE constraint failed..."} in
// doc itself and in its writeErrors entries; returns the (possibly grown) doc.
func fixErrorDoc(doc bson.D) (bson.D, bool) {
	changed := false
	codeIdx, msgIdx := -1, -1
	for i, e := range doc {
		switch e.Key {
		case "code":
			codeIdx = i
		case "errmsg":
			msgIdx = i
		case "writeErrors":
			if arr, ok := e.Value.(bson.A); ok {
				for j, v := range arr {
					if d, ok := v.(bson.D); ok {
						if nd, c := fixErrorDoc(d); c {
							arr[j] = nd
							changed = true
						}
					}
				}
			}
		}
	}
	if codeIdx >= 0 && msgIdx >= 0 && asInt(doc[codeIdx].Value) == codeInternal {
		if m, ok := doc[msgIdx].Value.(string); ok && strings.Contains(m, string(uniqueViolation)) {
			doc[codeIdx].Value = int32(codeDuplicateKey)
			doc[msgIdx].Value = "E11000 duplicate key error (" + lastLine(m) + ")"
			found := false
			for i := range doc {
				if doc[i].Key == "codeName" {
					doc[i].Value = "DuplicateKey"
					found = true
				}
			}
			if !found {
				doc = append(doc, bson.E{Key: "codeName", Value: "DuplicateKey"})
			}
			changed = true
		}
	}
	return doc, changed
}

func asInt(v any) int64 {
	switch n := v.(type) {
	case int32:
		return int64(n)
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return -1
}

// lastLine keeps the SQLite part of FerretDB's stack-annotated message.
func lastLine(m string) string {
	if i := strings.LastIndex(m, "] "); i >= 0 {
		return m[i+2:]
	}
	return m
}
