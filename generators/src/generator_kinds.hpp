// Constructors of the concrete generators, used by make_generator(); private to the generators.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "streamlab/generators/generator.hpp"

namespace streamlab::datasets::detail {

/// Sales transactions: order_id, store, category, amount, time.
std::unique_ptr<Generator> make_sales(const GeneratorOptions& options);
/// A clickstream with sessions: user, page, time.
std::unique_ptr<Generator> make_clicks(const GeneratorOptions& options);
/// A user-profile changelog: user, name, region, tier, time.
std::unique_ptr<Generator> make_profiles(const GeneratorOptions& options);
/// Orders of the users of the profile changelog with the same seed: order_id, user, amount, time.
std::unique_ptr<Generator> make_orders(const GeneratorOptions& options);
/// Server metrics with labelled anomalies: host, cpu, memory, anomaly, time.
std::unique_ptr<Generator> make_metrics(const GeneratorOptions& options);
/// Timestamped lines of a public-domain text: line, time.
std::unique_ptr<Generator> make_text(const GeneratorOptions& options);

/// `prefix` followed by `number` zero-padded to at least `min_width` digits (`store-03`, `u-0042`).
std::string numbered(std::string_view prefix, std::size_t number, int min_width);

/// The option's value, or `fallback` when it is unset; throws naming `what` when it is zero.
std::size_t key_count(const GeneratorOptions& options, std::size_t fallback, std::string_view what);

/// The rate option, or the kind's default_rate().
double rate_or_default(const GeneratorOptions& options, std::string_view kind);

}  // namespace streamlab::datasets::detail
