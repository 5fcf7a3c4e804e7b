// SHA-256 of bytes (Nettle, linked from its static archive by whatever includes this): the
// batch manifest's digests and the shipped output profile's identity.
#pragma once

#include <nettle/sha2.h>

#include <array>
#include <cstdint>
#include <string_view>

namespace plaquette {

inline std::array<std::uint8_t, SHA256_DIGEST_SIZE> sha256(std::string_view bytes) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  std::array<std::uint8_t, SHA256_DIGEST_SIZE> digest;
  sha256_digest(&ctx, digest.size(), digest.data());
  return digest;
}

}  // namespace plaquette
