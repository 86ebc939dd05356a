package catalog_test

import (
	"testing"
)

// BenchmarkValidate: a valid material, and one with a typo in every field
// (the slow path that computes suggestions).
func BenchmarkValidate(b *testing.B) {
	v := vocab(b)
	good := validMaterial()
	bad := validMaterial()
	bad.Levels, bad.Disciplines, bad.Themes = []string{"secundar"}, []string{"wiskunde", "techniek"}, []string{"klimat"}
	bad.License, bad.Hub, bad.Goals = "CC BY 4.0", "limburgg", []string{"06.43", "SO_1STE_GRAAD_V2_1:6.43"}
	b.Run("valid", func(b *testing.B) {
		for b.Loop() {
			if errs := v.Validate(&good); len(errs) != 0 {
				b.Fatal(errs)
			}
		}
	})
	b.Run("typos", func(b *testing.B) {
		for b.Loop() {
			if errs := v.Validate(&bad); len(errs) != 7 {
				b.Fatal(errs)
			}
		}
	})
}
