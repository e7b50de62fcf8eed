# The actorgraph binary with the seed data, for docker-compose.yml.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/actorgraph .

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/actorgraph /actorgraph
COPY data /data
USER 65534:65534
EXPOSE 8080
ENV ACTORGRAPH_ADDR=:8080
ENTRYPOINT ["/actorgraph"]
CMD ["serve"]
