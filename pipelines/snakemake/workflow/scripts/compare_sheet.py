"""Write the `htlvpvl compare` sheet of one study (rule compare_sheet): sample, subject,
timepoint, summary (relative to the sheet's folder, so the results stay movable) and the
optional columns any of the study's rows fills."""
import os

rows = snakemake.params.rows
extra = [c for c in snakemake.params.columns if any(r.get(c) for r in rows)]
sheet = snakemake.output[0]
sheet_dir = os.path.dirname(sheet)
with open(sheet, "w") as fh:
    fh.write("\t".join(["sample", "subject", "timepoint", "summary"] + extra) + "\n")
    for row, summary in zip(rows, snakemake.input.summaries):
        cells = [row["sample"], row["subject"], row["timepoint"],
                 os.path.relpath(summary, sheet_dir)]
        fh.write("\t".join(cells + [row.get(c) or "NA" for c in extra]) + "\n")
with open(snakemake.log[0], "w") as fh:
    fh.write(f"{len(rows)} samples in study {snakemake.wildcards.study}\n")
