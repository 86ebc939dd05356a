# syntax=docker/dockerfile:1
# Multi-stage build: a static, cgo-free binary in a small non-root image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/hub ./cmd/hub

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /out/hub /app/hub
# The seed content travels inside the binary; HUB_CONTENT_DIR may point at a mounted folder.
ENV HUB_ADDR=:8080 HUB_DATA_DIR=/data HUB_LOG_FORMAT=json
USER nonroot:nonroot
EXPOSE 8080
HEALTHCHECK NONE
ENTRYPOINT ["/app/hub"]
CMD ["serve"]
