// Package auth is the accounts room: who may do what (policy.go, the one
// permission function Can), passwords (argon2id, a cap on concurrent
// hashing, the common-password list), and the account service — sign-up
// with an e-mail confirmation, sign-in with throttling stored in the
// database, server-side sessions, password change and reset. It keeps its
// facts in internal/store and sends mail through internal/mail; the web
// handlers in internal/web are thin clients of it, and so is `hub user`.
package auth
