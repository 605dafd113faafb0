/* version.h -- the htlvpvl version string. It is kept in one place, the file VERSION at the top of
 * the source tree; the Makefile reads it and passes -DHTLVPVL_VERSION="\"x.y.z\"". Every other
 * file that states the version (recipe, modules, wrappers, man page, CHANGELOG) is checked
 * against VERSION by tests/pipelines/test_version.sh. */
#ifndef HTLVPVL_VERSION_H
#define HTLVPVL_VERSION_H
#ifndef HTLVPVL_VERSION
#error "HTLVPVL_VERSION is not defined: build with the Makefile (it reads the file VERSION)"
#endif
#endif
