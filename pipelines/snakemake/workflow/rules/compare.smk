# `htlvpvl compare` per study (rows with the same `study`), through the workflow's own wrapper.


rule compare_sheet:
    """The `htlvpvl compare` sample sheet of one study, pointing at the count summaries."""
    input:
        summaries=lambda wc: expand(
            f"{OUT}/count/{{sample}}.summary.json", sample=study_samples(wc.study)
        ),
    output:
        f"{OUT}/compare/{{study}}.sheet.tsv",
    params:
        rows=lambda wc: [SAMPLES[s] for s in study_samples(wc.study)],
        columns=OPTIONAL_COLUMNS,
    log:
        f"{OUT}/logs/compare_sheet/{{study}}.log",
    conda:
        "../envs/python.yaml"
    script:
        "../scripts/compare_sheet.py"


rule compare:
    input:
        sheet=f"{OUT}/compare/{{study}}.sheet.tsv",
        # compare reads each summary.json and the sites.tsv beside it
        counts=lambda wc: expand(
            f"{OUT}/count/{{sample}}{{suffix}}",
            sample=study_samples(wc.study),
            suffix=[".summary.json", ".sites.tsv"],
        ),
    output:
        multiext(f"{OUT}/compare/{{study}}", *COMPARE_TABLES),
        pvl_svg=report(
            f"{OUT}/compare/{{study}}.pvl.svg",
            caption="../report/pvl.rst",
            category="Proviral load",
            subcategory="{study}",
            labels={"study": "{study}", "plot": "PVL over time"},
        ),
        clones_svg=report(
            f"{OUT}/compare/{{study}}.clones.svg",
            caption="../report/clones.rst",
            category="Clones",
            subcategory="{study}",
            labels={"study": "{study}", "plot": "clone abundance"},
        ),
    params:
        extra=config["compare_extra"],
    log:
        f"{OUT}/logs/compare/{{study}}.log",
    wrapper:
        f"{WRAPPERS}/compare"
