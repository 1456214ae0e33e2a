/**
 * Who may use the HTTP API: accounts with a role (viewer, shift, expert) kept in a site-owned file
 * with Argon2id password hashes and hashed script tokens, the built-in account of the write token,
 * the page's login sessions with their CSRF tokens, and the check each request passes to learn who
 * it comes from ({@code Authenticator}).
 */
package eu.ess.cevns.daq.access;
