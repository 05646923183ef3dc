// The translation unit that builds the lab implementations' precompiled header (labs/CMakeLists.txt).
