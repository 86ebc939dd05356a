// Package catalog is the hub's domain: what a teaching material is, the
// vocabularies it is described with (levels, graden, finaliteiten, STEM
// disciplines, goals, STEM-kader, themes, SDGs, networks, regional hubs,
// types, licences) and the rules a material must satisfy. It imports nothing
// internal, so every other room can depend on it.
package catalog
