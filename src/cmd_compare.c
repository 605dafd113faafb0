/* cmd_compare.c -- placeholder until the compare command lands (see its issue). */
#include "htlvpvl/commands.h"
#include "htlvpvl/log.h"

int cmd_compare(int argc, char **argv)
{
    (void)argc, (void)argv;
    hp_error("not implemented yet");
    return HP_EXIT_DATA;
}
