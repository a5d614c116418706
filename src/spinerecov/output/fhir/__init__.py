"""HL7 FHIR R4: the patient's plan and the knowledge base, for health records.

`plan` is the patient's Bundle, `knowledge_base` the PlanDefinitions, `parts` what both use.
"""
