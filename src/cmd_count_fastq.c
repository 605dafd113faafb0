/* cmd_count_fastq.c -- placeholder until FASTQ input lands (see its issue). */
#include "htlvpvl/commands.h"
#include "htlvpvl/log.h"

int cmd_count_fastq(int argc, char **argv)
{
    (void)argc, (void)argv;
    hp_error("FASTQ input is not implemented yet");
    return HP_EXIT_DATA;
}
