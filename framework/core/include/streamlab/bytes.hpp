/// @file
/// Arbitrary bytes in text formats: a UTF-8 check and base64 (RFC 4648), so a record whose key or
/// value is not text (a poison message) can still be written to a JSON dead-letter envelope.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace streamlab {

/// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF),
/// which is what JSON strings must hold.
[[nodiscard]] bool is_valid_utf8(std::string_view bytes) noexcept;

/// The offset of the first byte that makes `bytes` ill-formed UTF-8, or std::nullopt when it is
/// well formed; for error messages that point at the bad byte.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8(std::string_view bytes) noexcept;

/// `bytes` with every byte that is not part of well-formed UTF-8 written as the text `\xHH`: for
/// messages (a dead letter's reason) that quote bytes from a bad record.
[[nodiscard]] std::string escape_invalid_utf8(std::string_view bytes);

/// `bytes` in standard base64 with `=` padding (RFC 4648, section 4).
[[nodiscard]] std::string base64_encode(std::string_view bytes);

/// The bytes a standard, padded base64 text encodes; std::nullopt when `text` is not one.
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view text);

}  // namespace streamlab
