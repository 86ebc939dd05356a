module github.com/stem-kennishub/hub/e2e

go 1.26
