// Package web is the hub's front door: the Fiber application with its HTML
// pages (home, search, material, regional hubs), the /api/v1 JSON API,
// static assets, health endpoints and the middleware that every response
// passes through (security headers, limits, compression, error pages).
//
// Handlers stay thin: parse the request, call service.Reader, render a
// template from the templates room. Every page works without JavaScript;
// static/js/search.js only makes search faster.
package web
