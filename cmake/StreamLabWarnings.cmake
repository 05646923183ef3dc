# Warning flags every StreamLab target gets through streamlab_warnings.
add_library(streamlab_warnings INTERFACE)
add_library(streamlab::warnings ALIAS streamlab_warnings)
target_compile_options(streamlab_warnings INTERFACE
  -Wall -Wextra -Wpedantic
  $<$<BOOL:${STREAMLAB_WARNINGS_AS_ERRORS}>:-Werror>)
