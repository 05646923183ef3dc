# Writes the web view's page into a C++ header, so the binary serves it with nothing to install:
#   cmake -DINPUT=plane.html -DOUTPUT=web_page.hpp -P embed.cmake
file(READ ${INPUT} page)
if(page MATCHES "\\)streamlab_page\"")
  message(FATAL_ERROR "${INPUT} contains the raw string's delimiter )streamlab_page\"")
endif()
file(WRITE ${OUTPUT}.tmp
  "// Generated at build time from replay/web/plane.html by replay/web/embed.cmake.\n"
  "#pragma once\n\n"
  "namespace streamlab::replay::detail {\n\n"
  "/// The live web view's page (HTML, CSS and JavaScript in one file).\n"
  "inline constexpr const char* kWebPage = R\"streamlab_page(${page})streamlab_page\";\n\n"
  "}  // namespace streamlab::replay::detail\n")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
