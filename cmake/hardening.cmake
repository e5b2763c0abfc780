# Warnings and hardening flags for every target of ours (generated code is compiled
# with the same flags, so warnings it triggers are silenced per target in proto/).
add_compile_options(
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -fstack-protector-strong -fPIE)
if(NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
  add_compile_definitions(_FORTIFY_SOURCE=2)
endif()
add_link_options(-Wl,-z,relro -Wl,-z,now -pie)
if(WEERBAAR_WERROR)
  add_compile_options(-Werror)
endif()
